package dev.colimaproof.probes.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextTest {

    @TempDir
    Path dir;

    @Test
    void bytesThatAreNotUtf8StayVisibleAndDistinct() {
        byte[] garbage = {'o', 'k', ' ', (byte) 0xff, (byte) 0xfe, ' ', (byte) 0xc3, (byte) 0xa9, 0x00};
        assertEquals("ok \\xff\\xfe é\u0000", Utf8.visible(garbage));
        assertEquals("\\xc3", Utf8.visible(new byte[] {(byte) 0xc3}), "a truncated sequence at the end");
    }

    @Test
    void tailKeepsTheLastLinesAndDropsACutFirstLine() throws Exception {
        Path log = dir.resolve("ha.stderr.log");
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            text.append("line ").append(i).append("\r\n");
        }
        Files.writeString(log, text);
        Tail.Result tail = Tail.read(log, 3, 1 << 20);
        assertEquals(List.of("line 998", "line 999", "line 1000"), tail.lines());
        assertTrue(tail.cut());

        Tail.Result bytes = Tail.read(log, 1000, 25);
        assertEquals(List.of("line 999", "line 1000"), bytes.lines(), "the partial line before is dropped");
        assertEquals(25, bytes.readBytes());

        Files.writeString(log, "no newline at the end");
        assertEquals(List.of("no newline at the end"), Tail.read(log, 10, 1000).lines());
        Files.writeString(log, "");
        assertEquals(List.of(), Tail.read(log, 10, 1000).lines());
    }

    @Test
    void aTwoGigabyteLogIsTailedWithoutReadingIt() throws Exception {
        Path huge = dir.resolve("serialv.log");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(2L << 30); // sparse: 2 GiB of zeros
            file.seek(file.length());
            file.write("\n[ 9999.1] last words before the hang\n".getBytes(StandardCharsets.UTF_8));
        }
        long start = System.nanoTime();
        Tail.Result tail = Tail.read(huge, 200, 64 * 1024);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals((2L << 30) + 38, tail.fileBytes());
        assertEquals(64 * 1024, tail.readBytes(), "only the window is read");
        assertEquals("[ 9999.1] last words before the hang", tail.lines().get(tail.lines().size() - 1));
        assertTrue(millis < 5_000, "took " + millis + " ms");
    }

    @Test
    void secretsAreMaskedAndCounted() {
        Masking.Masked masked = Masking.mask(String.join("\n",
                "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXZhbHVl",
                "password=hunter2hunter2 user=alice",
                "{\"api_key\": \"sk-live-1234567890abcdef\", \"port\": 6379}",
                "GITHUB_TOKEN ghp_abcdefghijklmnopqrstuvwxyz0123456789",
                "aws AKIAIOSFODNN7EXAMPLE region",
                "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----",
                "level=info msg=\"Forwarding TCP from 127.0.0.1:6379\""));
        assertEquals(6, masked.count(), masked.text());
        assertFalse(masked.text().contains("hunter2"), masked.text());
        assertFalse(masked.text().contains("sk-live"), masked.text());
        assertFalse(masked.text().contains("ghp_abc"), masked.text());
        assertFalse(masked.text().contains("AKIAIOSFODNN7EXAMPLE"), masked.text());
        assertFalse(masked.text().contains("b3BlbnNzaC1rZXktdjEAAAAA"), masked.text());
        assertFalse(masked.text().contains("c2lnbmF0dXJlLXZhbHVl"), masked.text());
        assertTrue(masked.text().contains("user=alice"), masked.text());
        assertTrue(masked.text().contains("Forwarding TCP from 127.0.0.1:6379"), masked.text());
        assertEquals(0, Masking.mask(masked.text()).count(), "masking is stable");
    }

    @Test
    void logrusLinesOfBothFormsParseAndOthersAreRecognisedAsNot() {
        var json = Logrus.parseJson("{\"level\":\"debug\",\"msg\":\"not ready to start persistent ssh session\","
                + "\"time\":\"2025-10-14T09:22:14+02:00\",\"error\":\"exit status 1\"}").orElseThrow();
        assertEquals("debug", json.level());
        assertEquals("exit status 1", json.fields().get("error"));
        assertTrue(Logrus.parseJson("{\"level\":\"info\",\"msg\":\"truncat").isEmpty());
        assertTrue(Logrus.parseJson("panic: runtime error: index out of range").isEmpty());
        assertTrue(Logrus.parseJson("[1,2]").isEmpty());

        var text = Logrus.parseText("time=\"2025-10-15T08:01:22+02:00\" level=warning msg=\"instance \\\"colima\\\" "
                + "has errors\" errors=\"[failed to get Info from \\\"/x/ha.sock\\\": connect: connection refused]\"")
                .orElseThrow();
        assertEquals("warning", text.level());
        assertEquals("instance \"colima\" has errors", text.msg());
        assertEquals("[failed to get Info from \"/x/ha.sock\": connect: connection refused]",
                text.fields().get("errors"));
        assertTrue(Logrus.parseText("plain words without fields").isEmpty());
    }
}
