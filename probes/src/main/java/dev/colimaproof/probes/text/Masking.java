package dev.colimaproof.probes.text;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of artifacts: values that look like tokens, passwords, keys or bearer headers become a stable
 * mask. The mask is the same for every secret, so masked output does not reveal which values were equal.
 */
public final class Masking {

    public static final String MASK = "<masked>";

    // each pattern's group 1 is kept (the name), group 2 is replaced (the value)
    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("(?i)(authorization:\\s*(?:bearer|basic|token)\\s+)([A-Za-z0-9._~+/=-]{6,})"),
            Pattern.compile("(?i)(\\bbearer\\s+)([A-Za-z0-9._~+/=-]{12,})"),
            Pattern.compile("(?i)((?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key"
                    + "|client[_-]?secret|auth)[\"']?\\s*[:=]\\s*[\"']?)([^\\s\"',;}&]{4,})"),
            Pattern.compile("()(-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$))"),
            Pattern.compile("()(\\b(?:ghp|gho|ghs|github_pat|glpat|xox[abpr])[_-][A-Za-z0-9_-]{16,})"),
            Pattern.compile("()(\\bAKIA[0-9A-Z]{16}\\b)"),
            Pattern.compile("()(\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,})"));

    /** Text with secrets masked, and how many were. */
    public record Masked(String text, int count) {
    }

    private Masking() {
    }

    public static Masked mask(String text) {
        int count = 0;
        String current = text;
        for (Pattern pattern : PATTERNS) {
            Matcher matcher = pattern.matcher(current);
            StringBuilder out = new StringBuilder(current.length());
            boolean found = false;
            while (matcher.find()) {
                if (matcher.group(2).equals(MASK)) {
                    continue;
                }
                found = true;
                count++;
                matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + MASK));
            }
            if (found) {
                matcher.appendTail(out);
                current = out.toString();
            }
        }
        return new Masked(current, count);
    }
}
