package org.nas4j.cli;

import java.io.PrintWriter;
import org.nas4j.InputException;
import org.nas4j.engine.Engines;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nas4j} command line. */
@Command(
    name = "nas4j",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Neural architecture search on the JVM: real training with DJL/PyTorch, XferNAS transfer, PBT-NAS.",
    subcommands = {CommandLine.HelpCommand.class, QuickstartCommand.class, SearchCommand.class, WorkerCommand.class, ReportCommand.class, ExportCommand.class, PredictCommand.class, TrainCommand.class, BenchCommand.class, PbtCommand.class, SampleCommand.class, TransferStudyCommand.class, DashboardCommand.class})
public final class Main implements Runnable {
  /** Exit status for bad input (unknown op, missing file, corrupt store...), as picocli uses for usage errors. */
  public static final int EXIT_INPUT = 2;
  /** Exit status when the environment cannot run nas4j (native library missing). */
  public static final int EXIT_ENVIRONMENT = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    Engines.offline();
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit status (for tests and the launcher). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(Main::handle);
    cl.setParameterExceptionHandler(Main::usageError);
    return cl.execute(args);
  }

  /**
   * A command line picocli cannot parse: one line naming the mistake and where the options are documented, not
   * the whole usage text (12-55 lines that bury the message); the usage is for {@code --help}.
   */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    String message = e.getMessage().replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      message += " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
    }
    PrintWriter err = cl.getErr();
    err.println("nas4j: error: " + message + ": see '" + cl.getCommandSpec().qualifiedName() + " --help'");
    err.flush();
    return EXIT_INPUT;
  }

  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    Throwable t = e;
    while (t != null) {
      if (t instanceof InputException) {
        err.println("nas4j: error: " + t.getMessage());
        err.flush();
        return EXIT_INPUT;
      }
      if (t instanceof Engines.NativeLibraryException) {
        err.println("nas4j: error: " + t.getMessage());
        err.flush();
        return EXIT_ENVIRONMENT;
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    err.println("nas4j: internal error (please report it with this trace): " + e);
    e.printStackTrace(err);
    err.flush();
    return 1;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version from the jar manifest. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"nas4j " + org.nas4j.Version.get()};
    }
  }
}
