package dev.opensts.it.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** Sends the requests of a run from a few threads and keeps, for each, its status, time and end. */
final class FuzzRun {

    /**
     * @param indexes  the request indexes sent; the arrays are parallel to it
     * @param ended    when each answer was complete (epoch ms), to name the requests before a log line
     * @param statuses answers counted by "endpoint status code"
     */
    record Results(int[] indexes, String[] endpoints, int[] status, long[] micros, long[] ended,
                   List<Outcome> failures, List<Outcome> notes, Map<String, Long> statuses, long seconds) {
    }

    private FuzzRun() {
    }

    static Results run(Generator generator, int[] indexes, int threads, Duration timeout,
                       ScheduledExecutorService timer, Consumer<Outcome> each) {
        String[] endpoints = new String[indexes.length];
        int[] status = new int[indexes.length];
        long[] micros = new long[indexes.length];
        long[] ended = new long[indexes.length];
        ConcurrentLinkedQueue<Outcome> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Outcome> notes = new ConcurrentLinkedQueue<>();
        Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        AtomicInteger cursor = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        int step = Math.max(1, indexes.length / 10);
        long t0 = System.nanoTime();
        try (var pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    for (int k = cursor.getAndIncrement(); k < indexes.length; k = cursor.getAndIncrement()) {
                        Outcome o = one(generator, indexes[k], timeout, timer);
                        endpoints[k] = o.fuzzCase().endpoint();
                        status[k] = o.status();
                        micros[k] = o.exchange().micros();
                        ended[k] = System.currentTimeMillis();
                        statuses.computeIfAbsent(endpoints[k] + " " + status[k] + " "
                                + Checks.errorCode(o.exchange().response()), s -> new LongAdder()).increment();
                        switch (o.verdict().kind()) {
                            case FAIL -> failures.add(o);
                            case NOTE -> notes.add(o);
                            case OK -> {
                            }
                        }
                        each.accept(o);
                        int d = done.incrementAndGet();
                        if (d % step == 0 && indexes.length >= 100) {
                            System.out.printf("  %d/%d requests, %d s, %d failing%n", d, indexes.length,
                                    (System.nanoTime() - t0) / 1_000_000_000L, failures.size());
                        }
                    }
                    return null;
                });
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        statuses.forEach((k, v) -> counts.put(k, v.sum()));
        return new Results(indexes, endpoints, status, micros, ended, sorted(failures), sorted(notes), counts,
                (System.nanoTime() - t0) / 1_000_000_000L);
    }

    /** One request; a generator that throws is a failure of its own, not a lost index. */
    private static Outcome one(Generator generator, int index, Duration timeout, ScheduledExecutorService timer) {
        FuzzCase c;
        try {
            c = generator.build(index);
        } catch (RuntimeException e) {
            RawHttp.Request none = new RawHttp.Request("-", java.net.URI.create("http://generator"), "-", List.of(),
                    null, false);
            StringBuilder trace = new StringBuilder(e.toString());
            for (StackTraceElement f : e.getStackTrace()) {
                if (f.getClassName().startsWith("dev.opensts")) {
                    trace.append(" at ").append(f.getClassName()).append(':').append(f.getLineNumber());
                }
            }
            return new Outcome(new FuzzCase(index, "generator", trace.toString(), none),
                    new RawHttp.Exchange(null, e.toString(), false, 0),
                    new Checks.Verdict(Checks.Kind.FAIL, "the generator threw " + e));
        }
        RawHttp.Exchange x = RawHttp.send(c.request(), timeout, timer);
        return new Outcome(c, x, Checks.check(c, x));
    }

    private static List<Outcome> sorted(ConcurrentLinkedQueue<Outcome> q) {
        List<Outcome> list = new ArrayList<>(q);
        list.sort(Comparator.comparingInt(o -> o.fuzzCase().index()));
        return list;
    }
}
