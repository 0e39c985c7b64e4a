package dev.opensts.it.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The run's findings as text: every failure with its seed and index (to replay it alone), the request, the
 * answer and the service log lines of its request id; failures grouped by likeness; notes and the service's
 * ERROR/WARN lines counted.
 */
final class Report {
    private static final Pattern LOG_LINE_START = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}.*");

    private Report() {
    }

    static String failures(long seed, List<Outcome> failures, Describe describe, List<String> log, int bodyLimit) {
        StringBuilder sb = new StringBuilder();
        Map<String, List<Outcome>> groups = new LinkedHashMap<>();
        failures.forEach(f -> groups.computeIfAbsent(f.group(), g -> new ArrayList<>()).add(f));
        sb.append(failures.size()).append(" failing request(s) in ").append(groups.size()).append(" group(s), seed ")
                .append(seed).append(". Replay one: -Dopensts.fuzz.seed=").append(seed)
                .append(" -Dopensts.fuzz.only=<index>\n");
        for (Map.Entry<String, List<Outcome>> g : groups.entrySet()) {
            List<Outcome> all = g.getValue();
            sb.append("\n=== ").append(g.getKey()).append(" (").append(all.size()).append("x)\n");
            for (Outcome o : all) {
                sb.append("  #").append(o.fuzzCase().index()).append("  ").append(Describe.escape(o.fuzzCase().label()))
                        .append('\n');
            }
            Outcome first = all.get(0);
            sb.append("  first one in full:\n").append(detail(seed, first, describe, log, bodyLimit).indent(4));
        }
        return sb.toString();
    }

    static String detail(long seed, Outcome o, Describe describe, List<String> log, int bodyLimit) {
        StringBuilder sb = new StringBuilder();
        sb.append("seed ").append(seed).append(" index ").append(o.fuzzCase().index()).append(" [")
                .append(o.fuzzCase().endpoint()).append("] ")
                .append(o.verdict().reason() == null ? "passed the checks" : o.verdict().reason()).append('\n');
        sb.append("label: ").append(Describe.escape(o.fuzzCase().label())).append('\n');
        sb.append("request:\n").append(describe.request(o.fuzzCase().request(), bodyLimit).indent(2));
        sb.append("answer (").append(o.exchange().micros() / 1000).append(" ms):\n")
                .append(describe.answer(o.exchange(), bodyLimit).indent(2));
        String rid = Checks.requestId(o.exchange());
        List<String> lines = logFor(log, rid);
        if (!lines.isEmpty()) {
            sb.append("service log (request id ").append(rid).append("):\n");
            lines.forEach(l -> sb.append("  ").append(Describe.cut(l, 400)).append('\n'));
        }
        return sb.toString();
    }

    /** The log line naming the request id and the stack trace lines after it. */
    static List<String> logFor(List<String> log, String requestId) {
        List<String> out = new ArrayList<>();
        if (requestId == null) {
            return out;
        }
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).contains(requestId)) {
                out.add(log.get(i));
                for (int j = i + 1; j < log.size() && j < i + 40 && !LOG_LINE_START.matcher(log.get(j)).matches(); j++) {
                    out.add(log.get(j));
                }
                if (out.size() > 60) {
                    break;
                }
            }
        }
        return out;
    }

    /** ERROR lines of the service log of one kind (text with ids and numbers blanked). */
    record LogError(String kind, String first, long firstMillis, int count) {
    }

    private static final java.time.format.DateTimeFormatter LOG_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    static List<LogError> logErrors(List<String> log) {
        Map<String, LogError> kinds = new LinkedHashMap<>();
        for (String l : log) {
            if (!l.contains(" ERROR ")) {
                continue;
            }
            String kind = Describe.cut(normalized(l), 200);
            LogError seen = kinds.get(kind);
            kinds.put(kind, seen == null ? new LogError(kind, l, millis(l), 1)
                    : new LogError(kind, seen.first(), seen.firstMillis(), seen.count() + 1));
        }
        return new ArrayList<>(kinds.values());
    }

    private static String normalized(String line) {
        return line.replaceFirst("^\\S+ \\S+ ", "").replaceAll("[0-9a-f]{8}-[0-9a-f-]{27,}", "<id>")
                .replaceAll("\\d+", "N");
    }

    private static long millis(String line) {
        try {
            return java.time.LocalDateTime.parse(line.substring(0, 23), LOG_TIME)
                    .atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** ERROR and WARN lines of the service log, counted by their text with ids and numbers blanked. */
    static String logSummary(List<String> log) {
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, String> example = new LinkedHashMap<>();
        for (String l : log) {
            if (l.contains(" ERROR ") || l.contains(" WARN ")) {
                String body = Describe.cut(normalized(l), 200);
                counts.computeIfAbsent(body, k -> new int[1])[0]++;
                example.putIfAbsent(body, l);
            }
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, v) -> sb.append(String.format("  %6d  %s%n          e.g. %s%n", v[0], k,
                Describe.cut(example.get(k), 400))));
        return sb.isEmpty() ? "  (none)\n" : sb.toString();
    }

    /** Counts, times, notes and the service log's ERROR/WARN lines of a run. */
    static String summary(long seed, int threads, FuzzRun.Results res, List<String> log, Generator generator) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("EndpointFuzzIT: seed %d, %d requests in %d s (%d threads), %d failing, %d notes%n",
                seed, res.indexes().length, res.seconds(), threads, res.failures().size(), res.notes().size()));
        sb.append(String.format("service log: %d ERROR line(s)%n",
                logErrors(log).stream().mapToLong(LogError::count).sum()));
        sb.append("answers by endpoint, status and error code:\n");
        res.statuses().forEach((k, v) -> sb.append(String.format("  %7d  %s%n", v, k)));
        sb.append("time per answer (ms) by endpoint: mean, 99th percentile, max:\n");
        for (String e : List.of("query", "decision", "admin")) {
            long[] ms = IntStream.range(0, res.indexes().length).filter(i -> e.equals(res.endpoints()[i]))
                    .mapToLong(i -> res.micros()[i] / 1000).sorted().toArray();
            if (ms.length > 0) {
                sb.append(String.format("  %-9s %7.1f %6d %6d%n", e, Arrays.stream(ms).average().orElse(0),
                        ms[(int) Math.min(ms.length - 1, Math.round(ms.length * 0.99))], ms[ms.length - 1]));
            }
        }
        sb.append("slowest answers:\n");
        IntStream.range(0, res.indexes().length).boxed().sorted(Comparator.comparingLong(i -> -res.micros()[i]))
                .limit(5).forEach(i -> sb.append(String.format("  #%d %d ms %s %s%n", res.indexes()[i],
                        res.micros()[i] / 1000, res.endpoints()[i],
                        label(generator, res.indexes()[i]))));
        sb.append("notes (4xx of the JSON APIs without a {code,message} body), by kind:\n");
        Map<String, List<Integer>> kinds = new TreeMap<>();
        res.notes().forEach(o -> kinds.computeIfAbsent(o.fuzzCase().endpoint() + " " + o.verdict().reason(),
                k -> new ArrayList<>()).add(o.fuzzCase().index()));
        kinds.forEach((k, v) -> sb.append(String.format("  %6d  %s  e.g. #%s%n", v.size(), k,
                v.subList(0, Math.min(5, v.size())))));
        sb.append("service log ERROR/WARN lines during the run:\n").append(logSummary(log));
        return sb.toString();
    }

    /**
     * Each kind of ERROR line, with the requests answered 2xx in the 3 s before its first occurrence: an ERROR
     * that no answer shows (a projection failing on what a request stored) is traced back to its candidates.
     */
    static String logErrorsText(List<LogError> errors, FuzzRun.Results res, Generator generator) {
        StringBuilder sb = new StringBuilder();
        for (LogError e : errors) {
            sb.append("\n=== service log ERROR (").append(e.count()).append("x): ").append(e.kind()).append('\n')
                    .append("  first: ").append(Describe.cut(e.first(), 600)).append('\n')
                    .append("  requests answered 2xx in the 3 s before it (newest first):\n");
            IntStream.range(0, res.indexes().length)
                    .filter(i -> res.status()[i] >= 200 && res.status()[i] < 300
                            && res.ended()[i] <= e.firstMillis() + 100 && res.ended()[i] >= e.firstMillis() - 3000)
                    .boxed().sorted(Comparator.comparingLong(i -> -res.ended()[i])).limit(12)
                    .forEach(i -> sb.append("    #").append(res.indexes()[i]).append(' ').append(res.endpoints()[i])
                            .append(' ').append(label(generator, res.indexes()[i])).append('\n'));
        }
        return sb.toString();
    }

    private static String label(Generator generator, int index) {
        return Describe.cut(Describe.escape(generator.build(index).label()), 300);
    }

    /** The first note of each kind in full. */
    static String notes(long seed, List<Outcome> notes, Describe describe, List<String> log) {
        Map<String, Outcome> first = new TreeMap<>();
        notes.forEach(o -> first.putIfAbsent(o.fuzzCase().endpoint() + " " + o.verdict().reason(), o));
        StringBuilder sb = new StringBuilder();
        first.values().forEach(o -> sb.append('\n').append(detail(seed, o, describe, log, 1500)));
        return sb.toString();
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, text.getBytes(StandardCharsets.UTF_8)); // a lone surrogate becomes '?', no error
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> readLog(Path file, long fromByte) {
        try {
            byte[] all = Files.readAllBytes(file);
            int from = (int) Math.min(fromByte, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of("(log " + file + " not readable: " + e + ")");
        }
    }
}
