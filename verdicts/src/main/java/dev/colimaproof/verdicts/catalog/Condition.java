package dev.colimaproof.verdicts.catalog;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A presence rule over a snapshot's signals: a comparison of one signal with a value, or any/all of other rules.
 * A signal that is absent (or null) satisfies no comparison, so a probe that timed out never makes a fault
 * "present" by accident.
 */
public sealed interface Condition {

    boolean holds(Map<String, Object> signals);

    /** The signals this rule reads (recorded with a verdict so replay can re-derive it). */
    List<String> signals();

    enum Op {
        EQ("=="), NE("!="), GT(">"), GE(">="), LT("<"), LE("<=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public static Op parse(String symbol) {
            for (Op op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            throw new IllegalArgumentException("unknown op '" + symbol + "' (use ==, !=, >, >=, <, <=)");
        }
    }

    record Compare(String signal, Op op, Object value) implements Condition {
        public Compare {
            Objects.requireNonNull(signal, "signal");
            Objects.requireNonNull(op, "op");
            if (!(value instanceof Number || value instanceof Boolean || value instanceof String)) {
                throw new IllegalArgumentException("value must be a number, a boolean or a string");
            }
            if (!(value instanceof Number) && op != Op.EQ && op != Op.NE) {
                throw new IllegalArgumentException("'" + op.symbol() + "' compares numbers only");
            }
        }

        @Override
        public boolean holds(Map<String, Object> signals) {
            Object actual = signals.get(signal);
            if (actual == null) {
                return false;
            }
            if (value instanceof Number expected) {
                if (!(actual instanceof Number number)) {
                    return false;
                }
                int cmp = Double.compare(number.doubleValue(), expected.doubleValue());
                return switch (op) {
                    case EQ -> cmp == 0;
                    case NE -> cmp != 0;
                    case GT -> cmp > 0;
                    case GE -> cmp >= 0;
                    case LT -> cmp < 0;
                    case LE -> cmp <= 0;
                };
            }
            boolean equal = value.equals(actual);
            return op == Op.EQ ? equal : !equal;
        }

        @Override
        public List<String> signals() {
            return List.of(signal);
        }
    }

    /** Any or all of other rules. */
    record Group(boolean all, List<Condition> conditions) implements Condition {
        public Group {
            conditions = List.copyOf(conditions);
            if (conditions.isEmpty()) {
                throw new IllegalArgumentException("any/all needs at least one condition");
            }
        }

        @Override
        public boolean holds(Map<String, Object> signals) {
            return all ? conditions.stream().allMatch(c -> c.holds(signals))
                    : conditions.stream().anyMatch(c -> c.holds(signals));
        }

        @Override
        public List<String> signals() {
            return conditions.stream().flatMap(c -> c.signals().stream()).distinct().toList();
        }
    }
}
