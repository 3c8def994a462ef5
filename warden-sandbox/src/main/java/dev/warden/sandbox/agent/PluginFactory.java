package dev.warden.sandbox.agent;

import dev.warden.protocol.payload.SessionTypes;
import dev.warden.sandbox.agent.port.PortPlugin;
import dev.warden.sandbox.agent.shell.ShellPlugin;

/** Picks the plugin a session runs from its document's session type, as the agent's plugin registry does. */
final class PluginFactory {

    private PluginFactory() {
    }

    static SessionPlugin create(PluginContext context) {
        String type = context.spec().sessionType();
        return switch (type) {
            case SessionTypes.PORT -> new PortPlugin(context);
            case SessionTypes.STANDARD_STREAM, SessionTypes.INTERACTIVE_COMMANDS,
                 SessionTypes.NON_INTERACTIVE_COMMANDS -> new ShellPlugin(context);
            default -> new UnsupportedPlugin(context, type);
        };
    }

    /** A session type the emulated agent cannot run: it fails as the agent does for an unknown plugin. */
    private static final class UnsupportedPlugin implements SessionPlugin {
        private final PluginContext context;
        private final String type;

        UnsupportedPlugin(PluginContext context, String type) {
            this.context = context;
            this.type = type;
        }

        @Override
        public void start() {
            context.sessionFailed(AgentTexts.markedFailed("Plugin with name " + type + " not found"));
        }

        @Override
        public dev.warden.protocol.channel.ChannelListener.Delivery onInput(dev.warden.protocol.frame.PayloadType t,
                                                                             byte[] payload) {
            return dev.warden.protocol.channel.ChannelListener.Delivery.ACCEPTED;
        }

        @Override
        public void stop() {
        }
    }
}
