package dev.warden.sandbox.ssm;

/** Documents may be named by name or by ARN ({@code arn:aws:ssm:<region>:<account>:document/<name>}). */
final class DocumentNames {

    private DocumentNames() {
    }

    static String nameOf(String nameOrArn) {
        int slash = nameOrArn.indexOf(":document/");
        return nameOrArn.startsWith("arn:") && slash >= 0 ? nameOrArn.substring(slash + ":document/".length())
                : nameOrArn;
    }
}
