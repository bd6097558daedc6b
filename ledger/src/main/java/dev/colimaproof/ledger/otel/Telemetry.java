package dev.colimaproof.ledger.otel;

import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.event.Event;
import dev.colimaproof.ledger.event.Origin;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.logging.otlp.internal.logs.OtlpStdoutLogRecordExporter;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The OpenTelemetry side of one process: the resource, the SDK logger that turns events into log records, the OTLP
 * JSON encoder for payload files, and the OTLP exporter when one is configured. Configuration is the standard
 * OpenTelemetry one ({@code OTEL_*} variables, or {@code otel.*} keys of the config file, the variables winning),
 * read by the SDK's own autoconfiguration so that every option means what it means everywhere else.
 */
public final class Telemetry implements AutoCloseable {

    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    private static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");
    private static final AttributeKey<String> HOST_NAME = AttributeKey.stringKey("host.name");

    private final AutoConfiguredOpenTelemetrySdk configured;
    private final String endpoint;
    private final Resource resource;
    private final LogRecordExporter exporter;
    private final SdkLoggerProvider loggerProvider;
    private final Logger logger;
    private final List<LogRecordData> captured = new ArrayList<>();

    private Telemetry(AutoConfiguredOpenTelemetrySdk configured, String endpoint, Resource resource,
                      LogRecordExporter exporter, String version) {
        this.configured = configured;
        this.endpoint = endpoint;
        this.resource = resource;
        this.exporter = exporter;
        this.loggerProvider = SdkLoggerProvider.builder()
                .setResource(resource)
                .addLogRecordProcessor(new Capture())
                .build();
        this.logger = loggerProvider.loggerBuilder("colima-proof").setInstrumentationVersion(version).build();
    }

    /**
     * @param env        the process environment ({@code OTEL_*} entries are used)
     * @param fileConfig {@code otel.*} keys from the config file
     */
    public static Telemetry create(Map<String, String> env, Map<String, String> fileConfig, Origin origin,
                                   String version) {
        // failures are reported through the delivery state and `otel status`, not as JUL stack traces on stderr
        java.util.logging.Logger.getLogger("io.opentelemetry").setLevel(java.util.logging.Level.OFF);
        Map<String, String> properties = new HashMap<>(fileConfig);
        env.forEach((key, value) -> {
            if (key.startsWith("OTEL_")) {
                properties.put(key.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        boolean exporting = properties.containsKey("otel.exporter.otlp.endpoint")
                || properties.containsKey("otel.exporter.otlp.logs.endpoint");
        if (!properties.containsKey("otel.exporter.otlp.protocol")
                && !properties.containsKey("otel.exporter.otlp.logs.protocol")) {
            properties.put("otel.exporter.otlp.protocol", "http/protobuf"); // the specification's default
        }
        // delivery retries with its own persisted backoff; the exporter's in-call retries would eat the budget
        properties.putIfAbsent("otel.java.exporter.otlp.retry.disabled", "true");
        // only log records, and only through our own delivery: the SDK's pipelines stay idle
        properties.put("otel.traces.exporter", "none");
        properties.put("otel.metrics.exporter", "none");
        properties.put("otel.logs.exporter", exporting ? "otlp" : "none");

        AtomicReference<LogRecordExporter> exporter = new AtomicReference<>();
        AtomicReference<Resource> resource = new AtomicReference<>();
        Resource defaults = Resource.builder()
                .put(SERVICE_NAME, "colima-proof")
                .put(SERVICE_VERSION, version)
                .put(HOST_NAME, origin.host())
                .build();
        try {
            AutoConfiguredOpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesCustomizer(config -> properties)
                    .addResourceCustomizer((detected, config) -> {
                        Resource merged = defaults.merge(withoutUnknownServiceName(detected));
                        resource.set(merged);
                        return merged;
                    })
                    .addLogRecordExporterCustomizer((created, config) -> {
                        exporter.set(created);
                        return created;
                    })
                    .disableShutdownHook()
                    .build();
            String endpoint = exporting ? properties.getOrDefault("otel.exporter.otlp.logs.endpoint",
                    properties.get("otel.exporter.otlp.endpoint")) + " (" + properties.getOrDefault(
                    "otel.exporter.otlp.logs.protocol", properties.get("otel.exporter.otlp.protocol")) + ")" : null;
            return new Telemetry(sdk, endpoint, resource.get() == null ? defaults : resource.get(), exporter.get(),
                    version);
        } catch (ConfigurationException e) {
            throw new InvalidInputException("invalid OpenTelemetry configuration: " + e.getMessage(), e);
        }
    }

    private static Resource withoutUnknownServiceName(Resource detected) {
        String name = detected.getAttribute(SERVICE_NAME);
        if (name != null && name.startsWith("unknown_service")) {
            return detected.toBuilder().removeIf(SERVICE_NAME::equals).build();
        }
        return detected;
    }

    public Resource resource() {
        return resource;
    }

    /** The configured endpoint and protocol, for display; empty when nothing is exported. */
    public Optional<String> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** The OTLP exporter the configuration names, if any. */
    public Optional<LogRecordExporter> exporter() {
        return Optional.ofNullable(exporter);
    }

    /** The log records of these events, built by the SDK (resource, scope, trace context included). */
    public synchronized List<LogRecordData> logRecords(List<Event> events) {
        captured.clear();
        for (Event event : events) {
            EventLogRecords.describe(logger.logRecordBuilder(), event).emit();
        }
        List<LogRecordData> records = List.copyOf(captured);
        captured.clear();
        return records;
    }

    /** The name of an event's payload file: {@code <phase>.otel.json}, or the action's last words. */
    public static String payloadName(Event event) {
        String label = event.phase() != null ? event.phase() : event.action().name().replaceFirst("^infra\\.colima\\.", "");
        return label + ".otel.json";
    }

    /**
     * One OTLP JSON line, {@code {"resourceLogs":[...]}}, as a Collector's file exporter writes it and its
     * {@code otlpjsonfile} receiver reads it.
     */
    public byte[] otlpJson(List<LogRecordData> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // the only use of the SDK's internal stdout exporter: it takes any stream and writes the wrapper object
        LogRecordExporter json = OtlpStdoutLogRecordExporter.builder().setOutput(out).setWrapperJsonObject(true)
                .build();
        json.export(records).join(10, TimeUnit.SECONDS);
        json.shutdown();
        return out.toByteArray();
    }

    @Override
    public void close() {
        loggerProvider.shutdown();
        configured.getOpenTelemetrySdk().shutdown();
    }

    private final class Capture implements LogRecordProcessor {
        @Override
        public void onEmit(Context context, ReadWriteLogRecord logRecord) {
            captured.add(logRecord.toLogRecordData());
        }
    }
}
