package dev.opensts.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner may read: the local run's data directory (mode 700), secrets.env and the log
 * files of the service, Kafka and PostgreSQL (mode 600). The service log holds request metadata, the
 * data directory the secrets and both databases. On a file system without POSIX permissions these are
 * no-ops.
 */
public final class PrivateFiles {

    static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /**
     * Creates {@code file} (empty, mode 600) unless it exists; an existing one loses any group and other
     * permissions. Returns true when an existing file's mode was changed.
     */
    public static boolean file(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_RW));
                return false;
            } catch (FileAlreadyExistsException e) {
                return restrict(file, OWNER_RW);
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
                return false;
            }
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates {@code dir} and missing parents with mode 700. An existing directory is restricted to mode
     * 700 only when it is empty or {@code mine} is true (it holds this program's own files): pointing
     * OPENSTS_DATA_DIR at a shared directory must not lock others out of it. Returns true when an existing
     * directory's mode was changed.
     */
    static boolean directory(Path dir, boolean mine) {
        try {
            if (!Files.isDirectory(dir)) {
                try {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_RWX));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectories(dir);
                }
                return false;
            }
            boolean empty;
            try (var entries = Files.list(dir)) {
                empty = entries.findAny().isEmpty();
            }
            return (empty || mine) && restrict(dir, OWNER_RWX);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when group or others have any permission on {@code path}. */
    static boolean openToOthers(Path path) {
        try {
            return Files.getPosixFilePermissions(path).stream().anyMatch(p -> !p.name().startsWith("OWNER_"));
        } catch (UnsupportedOperationException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean restrict(Path path, Set<PosixFilePermission> mode) throws IOException {
        try {
            if (!openToOthers(path)) {
                return false;
            }
            Files.setPosixFilePermissions(path, mode);
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}
