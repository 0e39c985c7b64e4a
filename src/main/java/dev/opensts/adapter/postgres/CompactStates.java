package dev.opensts.adapter.postgres;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Aggregate states in a compact binary form, the {@code snapshot} column of iam_aggregates, read by a starting
 * replica instead of the jsonb {@code state} (which PostgreSQL must first print as text, and Jackson parse: most
 * of a start with many roles). The layout is derived from the state records themselves: their components, in
 * declaration order, each written by its type (strings as UTF-8 with a length, instants as seconds and nanos,
 * lists and maps with a count, nested records in place, null as a marker).
 *
 * <p>States larger than a few hundred bytes are stored deflated ({@link #FORMAT_DEFLATED}); both formats are read.
 *
 * <p>Every encoded state starts with a format byte and a fingerprint of its record's layout (names and types of
 * every component, recursively). A state written under another layout (a record that gained, lost or changed a
 * component since) does not match and {@link #read} answers null: the caller then reads the jsonb state, which
 * Jackson maps by field name, so a change of the records can never misread a snapshot; the projector writes the
 * new layout with the next event of that aggregate. The jsonb state stays the read model of record.
 *
 * <p>Supported component types: String, int, long, boolean, their boxes, Instant, enums (by name), records of
 * these, List of any of these, and Map / SortedMap of String to String. Anything else fails at construction, so
 * a state record given a new kind of component fails the unit test, not a replica.
 */
final class CompactStates {
    /** The body as written. */
    static final byte FORMAT = 1;
    /**
     * The body deflated (raw deflate, fastest level) after its length and CRC-32: what the projector writes for states larger
     * than {@link #DEFLATE_ABOVE} bytes when that is smaller. Policy documents are JSON and shrink to about a third,
     * so a starting replica reads and keeps a third of the bytes; a deferred state is inflated when first read.
     */
    static final byte FORMAT_DEFLATED = 2;
    static final int DEFLATE_ABOVE = 256;

    private final Map<Class<?>, Layout> layouts = new ConcurrentHashMap<>();

    CompactStates(Class<?>... stateTypes) {
        for (Class<?> type : stateTypes) {
            layout(type);
        }
    }

    /** The encoded state, or null for a null state. */
    byte[] write(Object state) {
        byte[] plain = writePlain(state);
        return plain != null && plain.length > DEFLATE_ABOVE ? deflated(plain) : plain;
    }

    /** The encoded state in {@link #FORMAT}, never deflated (what versions before the deflated format wrote). */
    byte[] writePlain(Object state) {
        if (state == null) {
            return null;
        }
        Layout layout = layout(state.getClass());
        Out out = new Out(512);
        out.b(FORMAT);
        out.i32(layout.fingerprint);
        writeRecord(out, layout, state);
        return out.toByteArray();
    }

    /** The state in {@link #FORMAT_DEFLATED}, or as it is when deflating does not make it smaller. */
    private static byte[] deflated(byte[] plain) {
        int bodyLength = plain.length - 5;
        var deflater = new Deflater(Deflater.BEST_SPEED, true);
        try {
            deflater.setInput(plain, 5, bodyLength);
            deflater.finish();
            byte[] out = new byte[plain.length]; // a result this long or longer is not worth it
            out[0] = FORMAT_DEFLATED;
            System.arraycopy(plain, 1, out, 1, 4); // the fingerprint
            int pos = 13; // after the body's length and CRC
            while (!deflater.finished() && pos < out.length) {
                pos += deflater.deflate(out, pos, out.length - pos);
            }
            if (!deflater.finished()) {
                return plain;
            }
            out[5] = (byte) (bodyLength >>> 24);
            out[6] = (byte) (bodyLength >>> 16);
            out[7] = (byte) (bodyLength >>> 8);
            out[8] = (byte) bodyLength;
            var crc = new CRC32();
            crc.update(plain, 5, bodyLength);
            int sum = (int) crc.getValue();
            out[9] = (byte) (sum >>> 24);
            out[10] = (byte) (sum >>> 16);
            out[11] = (byte) (sum >>> 8);
            out[12] = (byte) sum;
            return Arrays.copyOf(out, pos);
        } finally {
            deflater.end();
        }
    }

    /** The body of a {@link #FORMAT_DEFLATED} state, inflated to exactly the length and CRC it declares. */
    private static byte[] inflated(byte[] bytes, String what) {
        In header = new In(bytes, 5);
        int length = header.i32();
        int sum = header.i32();
        if (length < 0 || length > (1 << 24)) {
            throw new IllegalArgumentException("implausible length of a deflated compact " + what);
        }
        byte[] body = new byte[length];
        var inflater = new Inflater(true);
        try {
            inflater.setInput(bytes, 13, bytes.length - 13);
            int n = 0;
            while (n < length && !inflater.finished()) {
                int got = inflater.inflate(body, n, length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            // raw deflate may need one more call to see its end marker once the output is complete
            if (n == length && !inflater.finished()) {
                inflater.inflate(new byte[1]);
            }
            if (n != length || !inflater.finished() || inflater.getRemaining() != 0) {
                throw new IllegalArgumentException("truncated or padded deflated compact " + what);
            }
            var crc = new CRC32();
            crc.update(body);
            if ((int) crc.getValue() != sum) {
                throw new IllegalArgumentException("deflated compact " + what + " fails its CRC");
            }
            return body;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("corrupt deflated compact " + what, e);
        } finally {
            inflater.end();
        }
    }

    /**
     * The state of the given type, or null when the bytes were written under another layout (or format) and
     * the caller must read the state of record instead.
     *
     * @throws IllegalArgumentException for bytes that match the layout but are cut short or malformed
     */
    <T> T read(Class<T> type, byte[] bytes) {
        Layout layout = layout(type);
        if (bytes.length < 5 || (bytes[0] != FORMAT && bytes[0] != FORMAT_DEFLATED)) {
            return null;
        }
        if (new In(bytes, 1).i32() != layout.fingerprint) {
            return null;
        }
        try {
            byte[] body = bytes;
            int start = 5;
            if (bytes[0] == FORMAT_DEFLATED) {
                body = inflated(bytes, type.getSimpleName());
                start = 0;
            }
            In in = new In(body, start);
            Object state = readRecord(in, layout);
            if (in.pos != body.length) {
                throw new IllegalArgumentException("trailing bytes in a compact " + type.getSimpleName());
            }
            return type.cast(state);
        } catch (ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("truncated compact " + type.getSimpleName(), e);
        }
    }

    /** Whether the bytes were written under the type's layout of today (what {@link #read} would decode). */
    boolean matches(Class<?> type, byte[] bytes) {
        if (bytes.length < 5 || (bytes[0] != FORMAT && bytes[0] != FORMAT_DEFLATED)) {
            return false;
        }
        return new In(bytes, 1).i32() == layout(type).fingerprint;
    }

    int fingerprint(Class<?> type) {
        return layout(type).fingerprint;
    }

    // --- layouts ---

    private sealed interface Codec permits Scalar, ListOf, MapOf, Nested {
    }

    private enum ScalarKind { STRING, INT, LONG, BOOL, BOX_INT, BOX_LONG, BOX_BOOL, INSTANT }

    private record Scalar(ScalarKind kind) implements Codec {
    }

    private record EnumOf(Class<?> type, Object[] constants) {
    }

    private record ListOf(Codec element, EnumOf enumElement) implements Codec {
    }

    private record MapOf(boolean sorted) implements Codec {
    }

    private record Nested(Class<?> type, EnumOf enumType) implements Codec {
    }

    private record Layout(Class<?> type, Constructor<?> constructor, Method[] accessors, Codec[] codecs,
                          int fingerprint, String signature) {
    }

    private Layout layout(Class<?> type) {
        Layout known = layouts.get(type);
        if (known != null) {
            return known;
        }
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type + " is not a record");
        }
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] raw = new Class<?>[components.length];
        Method[] accessors = new Method[components.length];
        Codec[] codecs = new Codec[components.length];
        StringBuilder signature = new StringBuilder(type.getName()).append('(');
        for (int i = 0; i < components.length; i++) {
            raw[i] = components[i].getType();
            accessors[i] = components[i].getAccessor();
            accessors[i].setAccessible(true);
            codecs[i] = codec(components[i].getGenericType(), type);
            signature.append(components[i].getName()).append(':').append(describe(codecs[i])).append(',');
        }
        signature.append(')');
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(raw);
            constructor.setAccessible(true);
            CRC32 crc = new CRC32();
            crc.update(signature.toString().getBytes(StandardCharsets.UTF_8));
            Layout layout = new Layout(type, constructor, accessors, codecs, (int) crc.getValue(), signature.toString());
            layouts.put(type, layout);
            return layout;
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("no canonical constructor of " + type, e);
        }
    }

    private String describe(Codec codec) {
        return switch (codec) {
            case Scalar s -> s.kind().name();
            case ListOf l -> "List<" + (l.enumElement() != null ? enumSignature(l.enumElement())
                    : describe(l.element())) + ">";
            case MapOf m -> m.sorted() ? "SortedMap<STRING,STRING>" : "Map<STRING,STRING>";
            case Nested n -> n.enumType() != null ? enumSignature(n.enumType()) : layout(n.type()).signature();
        };
    }

    private static String enumSignature(EnumOf e) {
        return "enum " + e.type().getName();
    }

    private Codec codec(Type type, Class<?> owner) {
        if (type instanceof Class<?> c) {
            if (c == String.class) {
                return new Scalar(ScalarKind.STRING);
            } else if (c == int.class) {
                return new Scalar(ScalarKind.INT);
            } else if (c == long.class) {
                return new Scalar(ScalarKind.LONG);
            } else if (c == boolean.class) {
                return new Scalar(ScalarKind.BOOL);
            } else if (c == Integer.class) {
                return new Scalar(ScalarKind.BOX_INT);
            } else if (c == Long.class) {
                return new Scalar(ScalarKind.BOX_LONG);
            } else if (c == Boolean.class) {
                return new Scalar(ScalarKind.BOX_BOOL);
            } else if (c == Instant.class) {
                return new Scalar(ScalarKind.INSTANT);
            } else if (c.isEnum()) {
                return new Nested(c, new EnumOf(c, c.getEnumConstants()));
            } else if (c.isRecord()) {
                layout(c);
                return new Nested(c, null);
            }
        } else if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (raw == List.class) {
                Codec element = codec(args[0], owner);
                EnumOf enumElement = element instanceof Nested n ? n.enumType() : null;
                return new ListOf(element, enumElement);
            } else if ((raw == Map.class || raw == SortedMap.class) && args[0] == String.class
                    && args[1] == String.class) {
                return new MapOf(raw == SortedMap.class);
            }
        }
        throw new IllegalArgumentException("no compact form for " + type.getTypeName() + " in " + owner.getName());
    }

    // --- writing ---

    private void writeRecord(Out out, Layout layout, Object record) {
        for (int i = 0; i < layout.codecs.length; i++) {
            Object value;
            try {
                value = layout.accessors[i].invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + layout.accessors[i], e);
            }
            write(out, layout.codecs[i], value);
        }
    }

    private void write(Out out, Codec codec, Object value) {
        switch (codec) {
            case Scalar s -> {
                switch (s.kind()) {
                    case STRING -> out.str((String) value);
                    case INT -> out.varlong(zigzag((Integer) value));
                    case LONG -> out.varlong(zigzag((Long) value));
                    case BOOL -> out.b((byte) ((Boolean) value ? 1 : 0));
                    case BOX_INT -> {
                        out.b((byte) (value == null ? 0 : 1));
                        if (value != null) {
                            out.varlong(zigzag((Integer) value));
                        }
                    }
                    case BOX_LONG -> {
                        out.b((byte) (value == null ? 0 : 1));
                        if (value != null) {
                            out.varlong(zigzag((Long) value));
                        }
                    }
                    case BOX_BOOL -> out.b((byte) (value == null ? 0 : (Boolean) value ? 2 : 1));
                    case INSTANT -> {
                        Instant t = (Instant) value;
                        out.b((byte) (t == null ? 0 : 1));
                        if (t != null) {
                            out.varlong(zigzag(t.getEpochSecond()));
                            out.varlong(t.getNano());
                        }
                    }
                }
            }
            case ListOf l -> {
                List<?> list = (List<?>) value;
                out.varlong(list == null ? 0 : list.size() + 1L);
                if (list != null) {
                    for (Object element : list) {
                        write(out, l.element(), element);
                    }
                }
            }
            case MapOf m -> {
                @SuppressWarnings("unchecked")
                Map<String, String> map = (Map<String, String>) value;
                out.varlong(map == null ? 0 : map.size() + 1L);
                if (map != null) {
                    for (var e : map.entrySet()) {
                        out.str(e.getKey());
                        out.str(e.getValue());
                    }
                }
            }
            case Nested n -> {
                if (n.enumType() != null) {
                    out.str(value == null ? null : ((Enum<?>) value).name());
                } else {
                    out.b((byte) (value == null ? 0 : 1));
                    if (value != null) {
                        writeRecord(out, layout(n.type()), value);
                    }
                }
            }
        }
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    // --- reading ---

    private Object readRecord(In in, Layout layout) {
        Object[] args = new Object[layout.codecs.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = read(in, layout.codecs[i]);
        }
        try {
            return layout.constructor.newInstance(args);
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot construct " + layout.type, e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("invalid compact " + layout.type.getSimpleName(), e.getCause());
        }
    }

    private Object read(In in, Codec codec) {
        return switch (codec) {
            case Scalar s -> switch (s.kind()) {
                case STRING -> in.str();
                case INT -> (int) unzigzag(in.varlong());
                case LONG -> unzigzag(in.varlong());
                case BOOL -> in.b() != 0;
                case BOX_INT -> in.b() == 0 ? null : (int) unzigzag(in.varlong());
                case BOX_LONG -> in.b() == 0 ? null : unzigzag(in.varlong());
                case BOX_BOOL -> switch (in.b()) {
                    case 0 -> null;
                    case 1 -> Boolean.FALSE;
                    default -> Boolean.TRUE;
                };
                case INSTANT -> in.b() == 0 ? null : Instant.ofEpochSecond(unzigzag(in.varlong()), in.varlong());
            };
            case ListOf l -> {
                int n = count(in);
                if (n < 0) {
                    yield null;
                }
                Object[] elements = new Object[n];
                for (int i = 0; i < n; i++) {
                    elements[i] = read(in, l.element());
                }
                yield Collections.unmodifiableList(Arrays.asList(elements));
            }
            case MapOf m -> {
                int n = count(in);
                if (n < 0) {
                    yield null;
                }
                Map<String, String> map = m.sorted() ? new TreeMap<>() : new LinkedHashMap<>(n * 2);
                for (int i = 0; i < n; i++) {
                    map.put(in.str(), in.str());
                }
                yield m.sorted() ? Collections.unmodifiableSortedMap((SortedMap<String, String>) map)
                        : Collections.unmodifiableMap(map);
            }
            case Nested n -> {
                if (n.enumType() != null) {
                    String name = in.str();
                    if (name == null) {
                        yield null;
                    }
                    for (Object constant : n.enumType().constants()) {
                        if (((Enum<?>) constant).name().equals(name)) {
                            yield constant;
                        }
                    }
                    throw new IllegalArgumentException("no " + n.type().getSimpleName() + " named " + name);
                }
                yield in.b() == 0 ? null : readRecord(in, layout(n.type()));
            }
        };
    }

    private static int count(In in) {
        long n = in.varlong() - 1;
        if (n > in.bytes.length - in.pos) {
            throw new IllegalArgumentException("count beyond the end of a compact state");
        }
        return (int) n;
    }

    private static final class Out {
        private byte[] buf;
        private int len;

        Out(int size) {
            buf = new byte[size];
        }

        private void room(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        void b(byte v) {
            room(1);
            buf[len++] = v;
        }

        void i32(int v) {
            room(4);
            buf[len++] = (byte) (v >>> 24);
            buf[len++] = (byte) (v >>> 16);
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
        }

        void varlong(long v) {
            room(10);
            while ((v & ~0x7FL) != 0) {
                buf[len++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[len++] = (byte) v;
        }

        void str(String s) {
            if (s == null) {
                varlong(0);
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            varlong(utf8.length + 1L);
            room(utf8.length);
            System.arraycopy(utf8, 0, buf, len, utf8.length);
            len += utf8.length;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, len);
        }
    }

    private static final class In {
        final byte[] bytes;
        int pos;

        In(byte[] bytes, int pos) {
            this.bytes = bytes;
            this.pos = pos;
        }

        byte b() {
            return bytes[pos++];
        }

        int i32() {
            int v = (bytes[pos] & 0xFF) << 24 | (bytes[pos + 1] & 0xFF) << 16 | (bytes[pos + 2] & 0xFF) << 8
                    | (bytes[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        long varlong() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = bytes[pos++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("varint too long in a compact state");
        }

        String str() {
            long n = varlong() - 1;
            if (n < 0) {
                return null;
            }
            if (n > bytes.length - pos) {
                throw new IllegalArgumentException("string beyond the end of a compact state");
            }
            String s = new String(bytes, pos, (int) n, StandardCharsets.UTF_8);
            pos += (int) n;
            return s;
        }
    }
}
