package dev.colimaproof.probes.lab;

import dev.colimaproof.probes.run.CommandRunner;
import dev.colimaproof.probes.snapshot.Snapshot;
import dev.colimaproof.probes.snapshot.Snapshotter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A lab for tests: its daemons run on this test class path. */
public final class LabFixture {

    private LabFixture() {
    }

    public static Lab lab(Path root) {
        return new Lab(root, Path.of(System.getProperty("java.home"), "bin", "java").toString(), classpath());
    }

    public static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    public static Map<String, Object> signals(Lab lab, Duration deadline) {
        return snapshot(lab, deadline).signals();
    }

    public static Snapshot snapshot(Lab lab, Duration deadline) {
        return new Snapshotter(Snapshotter.defaultProbes()).take(lab.files().substrate(),
                new CommandRunner(lab.environment(), CommandRunner.DEFAULT_OUTPUT_CAP), deadline);
    }
}
