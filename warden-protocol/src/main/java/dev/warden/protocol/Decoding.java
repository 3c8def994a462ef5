package dev.warden.protocol;

import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of decoding untrusted bytes: either a value or a {@link DecodeError}. Decoders return
 * this instead of throwing, so that malformed input from the network is handled as data.
 *
 * @param <T> the decoded type
 */
public sealed interface Decoding<T> {

    /** The input was well formed. */
    record Ok<T>(T value) implements Decoding<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The input was malformed; nothing was decoded. */
    record Failed<T>(DecodeError error) implements Decoding<T> {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    static <T> Decoding<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Decoding<T> failed(DecodeError.Kind kind, String detail) {
        return new Failed<>(DecodeError.of(kind, detail));
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value; only valid when {@link #isOk()}. */
    default T value() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalStateException("not decoded: " + ((Failed<T>) this).error());
    }

    /** The error; only valid when not {@link #isOk()}. */
    default DecodeError error() {
        if (this instanceof Failed<T> failed) {
            return failed.error();
        }
        throw new IllegalStateException("decoding succeeded");
    }

    /** Applies {@code next} to a decoded value; failures pass through unchanged. */
    default <R> Decoding<R> then(Function<T, Decoding<R>> next) {
        if (this instanceof Ok<T> ok) {
            return next.apply(ok.value());
        }
        return new Failed<>(((Failed<T>) this).error());
    }
}
