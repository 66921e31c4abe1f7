package org.nas4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nas4j.InputException;

/**
 * The check every command makes on its output paths before the work that fills them, so an everyday mistake (a
 * read-only folder, a file where a folder is expected, or the reverse) costs no training and leaves nothing behind:
 * one line naming the path and the fix. Nothing is created here; folders are made when the results are written.
 */
final class OutputPaths {
  private OutputPaths() {}

  /** A file the command will write, replacing it if it exists ({@code report --out}, {@code train --json}...). */
  static Path file(String option, Path file) {
    if (Files.isDirectory(file)) {
      throw new InputException(option + " " + file + " is a folder: give the path of a file to write");
    }
    if (Files.exists(file) && !Files.isWritable(file)) {
      throw new InputException(option + " " + file + " is a read-only file: make it writable, or give another path");
    }
    requireWritableFolder(option, file, file.toAbsolutePath().getParent());
    return file;
  }

  /** A folder the command will write files into, created if missing ({@code export --out}, {@code train --save}...). */
  static Path folder(String option, Path folder) {
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new InputException(option + " " + folder + " is a file, not a folder: give a folder (it is created if "
          + "missing), or move the file away");
    }
    requireWritableFolder(option, folder, folder.toAbsolutePath());
    return folder;
  }

  /** {@code folder}, or the nearest of its parents that exists, must be a folder this process can create files in. */
  private static void requireWritableFolder(String option, Path given, Path folder) {
    Path existing = folder;
    while (!Files.exists(existing)) {
      existing = existing.getParent(); // an absolute path ends at the root, which exists
    }
    if (!Files.isDirectory(existing)) {
      throw new InputException(option + " " + given + ": " + existing + " is a file, not a folder: give a path "
          + "through folders only");
    }
    if (!canCreateFileIn(existing)) {
      throw new InputException(option + " " + given + ": cannot write in folder " + existing + " (read-only or no "
          + "permission): give a folder you can write to");
    }
  }

  /** A real probe, deleted at once: permission bits do not tell (root ignores them; a read-only mount does not). */
  private static boolean canCreateFileIn(Path dir) {
    try {
      Files.delete(Files.createTempFile(dir, ".nas4j-write-check", ".tmp"));
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }
}
