package dev.colimaproof.probes.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes bytes as UTF-8 and keeps invalid bytes visible as {@code \xNN} instead of replacing them with U+FFFD:
 * garbage in a log is evidence too, and two different garbages must not look alike.
 */
public final class Utf8 {

    private Utf8() {
    }

    public static String visible(byte[] bytes) {
        return visible(bytes, 0, bytes.length);
    }

    public static String visible(byte[] bytes, int offset, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        CharBuffer out = CharBuffer.allocate(length * 2 + 16);
        StringBuilder text = new StringBuilder(length);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            out.flip();
            text.append(out);
            out.clear();
            if (result.isUnderflow()) {
                break;
            }
            if (result.isError()) {
                for (int i = 0; i < result.length(); i++) {
                    text.append(String.format("\\x%02x", in.get() & 0xff));
                }
            }
            if (result.isOverflow()) {
                continue;
            }
        }
        decoder.flush(out);
        out.flip();
        text.append(out);
        return text.toString();
    }
}
