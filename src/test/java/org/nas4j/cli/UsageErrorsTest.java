package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What picocli cannot parse is one line with where to look, and {@code nas4j --help} shows every summary whole. */
class UsageErrorsTest {

  private static String oneLine(CliRun r) {
    assertEquals(2, r.status(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line, no usage dump: " + r.err());
    assertTrue(r.err().startsWith("nas4j: error: "), r.err());
    return r.err().strip();
  }

  @Test
  void unknownOptionBadValueAndMissingOptionAreOneLineWithTheHelpCommand() {
    String unknown = oneLine(CliRun.of("search", "--data", "digits", "--budget-eval", "3"));
    assertTrue(unknown.contains("'--budget-eval'") && unknown.contains("--budget-evals")
        && unknown.endsWith("see 'nas4j search --help'"), unknown);
    String notANumber = oneLine(CliRun.of("pbt", "bench", "--seeds", "three"));
    assertTrue(notANumber.contains("three") && notANumber.endsWith("see 'nas4j pbt bench --help'"), notANumber);
    String missing = oneLine(CliRun.of("train", "--data", "digits"));
    assertTrue(missing.contains("--arch") && missing.endsWith("see 'nas4j train --help'"), missing);
    String noCommand = oneLine(CliRun.of("serch"));
    assertTrue(noCommand.contains("serch") && noCommand.endsWith("see 'nas4j --help'"), noCommand);
  }

  @Test
  void helpShowsEveryCommandSummaryWhole() {
    CliRun r = CliRun.of("--help").expect(0);
    String listed = r.out().replaceAll("\\s+", "");
    CommandLine cl = new CommandLine(new Main());
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (sub.getCommand() instanceof CommandLine.HelpCommand) {
        continue; // picocli's own, listed by its header
      }
      String[] description = sub.getCommandSpec().usageMessage().description();
      String summary = description[0];
      assertTrue(summary.endsWith("."), sub.getCommandName() + " summary is not a whole sentence: " + summary);
      assertTrue(listed.contains(summary.replaceAll("\\s+", "")), sub.getCommandName() + ": " + r.out());
    }
  }
}
