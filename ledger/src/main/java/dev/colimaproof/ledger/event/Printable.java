package dev.colimaproof.ledger.event;

/** Renders untrusted text for a one-line error message: quoted, control characters escaped, length capped. */
public final class Printable {

    private static final int MAX = 80;

    private Printable() {
    }

    public static String quote(String text) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < text.length() && shown < MAX; i++, shown++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > MAX) {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.append('\'').toString();
    }
}
