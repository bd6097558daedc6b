package dev.colimaproof.probes.probe;

import dev.colimaproof.probes.Substrate;
import dev.colimaproof.probes.run.CommandRunner;
import dev.colimaproof.probes.text.Masking;

import java.util.concurrent.atomic.AtomicInteger;

/** What probes share: the substrate's paths, the command runner, and the count of masked secrets. */
public final class ProbeContext {

    private final Substrate substrate;
    private final CommandRunner runner;
    private final AtomicInteger masked = new AtomicInteger();

    public ProbeContext(Substrate substrate, CommandRunner runner) {
        this.substrate = substrate;
        this.runner = runner;
    }

    public Substrate substrate() {
        return substrate;
    }

    public CommandRunner runner() {
        return runner;
    }

    /** Masks secrets in text that goes into the snapshot, counting them. */
    public String mask(String text) {
        Masking.Masked result = Masking.mask(text);
        masked.addAndGet(result.count());
        return result.text();
    }

    public int maskedCount() {
        return masked.get();
    }
}
