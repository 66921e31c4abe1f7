package org.nas4j.optimizers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nas4j.InputException;
import org.nas4j.optimize.Optimizer;
import org.nas4j.optimize.OptimizerContext;
import org.nas4j.optimize.RandomSearch;
import org.nas4j.optimize.RegularizedEvolution;
import org.nas4j.optimize.Reinforce;
import org.nas4j.optimize.nao.Nao;
import org.nas4j.transfer.TransferPredictor;

/**
 * The registry of optimizers by command-line name. It sits above {@code optimize}, {@code optimize.nao} and
 * {@code transfer} because it wires them together (a transfer optimizer is a base optimizer plus a
 * {@link TransferPredictor}); inside {@code optimize} it made both packages cycles. Adding an optimizer is one line in the static block:
 * {@code register("name", "description", MyOptimizer::new)} with a constructor taking an
 * {@link OptimizerContext}.
 */
public final class Optimizers {

  /** Builds an optimizer from its context (space, seed, transfer sources). */
  @FunctionalInterface
  public interface Factory {
    Optimizer create(OptimizerContext ctx);
  }

  /**
   * One registered optimizer.
   *
   * @param base for a transfer optimizer, the optimizer it adds transfer to ({@code rea} for {@code rea-xfer});
   *     null otherwise. Benchmarks compare the two run by run.
   */
  public record Entry(String name, String description, Factory factory, String base) {
    public Entry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(factory, "factory");
    }

    public Entry(String name, String description, Factory factory) {
      this(name, description, factory, null);
    }

    public Optimizer create(OptimizerContext ctx) {
      return factory.create(ctx);
    }
  }

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  static {
    register("rs", "random search: uniform samples without repeats", RandomSearch::new);
    register("rea", "regularized (aging) evolution: population 10, tournament sample 3, one-edge mutation",
        RegularizedEvolution::new);
    register("reinforce", "REINFORCE: a softmax policy per edge, Adam, moving-average baseline", Reinforce::new);
    register("rea-xfer", "REA with XferNAS transfer: first population and children chosen by the transfer predictor",
        ctx -> new RegularizedEvolution(ctx, RegularizedEvolution.Config.NB201, TransferPredictor.forContext(ctx)), "rea");
    register("reinforce-xfer", "REINFORCE with XferNAS transfer: policy pre-trained on the transfer network",
        ctx -> new Reinforce(ctx, Reinforce.Config.DEFAULT, TransferPredictor.forContext(ctx)), "reinforce");
    register("nao", "NAO: LSTM encoder, MLP predictor, attention decoder; gradient steps in embedding space", Nao::create);
    register("xfernao", "XferNAO: NAO with a frozen transfer head u on its encoder, pre-trained on the sources",
        ctx -> Nao.xfer(ctx, TransferPredictor.forContext(ctx)), "nao");
  }

  private Optimizers() {}

  private static void register(String name, String description, Factory factory) {
    register(name, description, factory, null);
  }

  private static void register(String name, String description, Factory factory, String base) {
    if (ENTRIES.putIfAbsent(name, new Entry(name, description, factory, base)) != null) {
      throw new IllegalStateException("optimizer " + name + " registered twice");
    }
  }

  /** The base optimizer of a registered transfer optimizer ({@code rea} for {@code rea-xfer}); null otherwise. */
  public static String baseOf(String name) {
    Entry e = ENTRIES.get(name);
    return e == null ? null : e.base();
  }

  /** Every registered optimizer, in registration order. */
  public static List<Entry> all() {
    return Collections.unmodifiableList(new ArrayList<>(ENTRIES.values()));
  }

  /** Registered names, in registration order. */
  public static List<String> names() {
    return List.copyOf(ENTRIES.keySet());
  }

  /** The entry of a name; an unknown name is an {@link InputException} listing the known ones. */
  public static Entry get(String name) {
    Entry e = ENTRIES.get(name == null ? "" : name.strip());
    if (e == null) {
      throw new InputException("unknown optimizer '" + name + "': choose from " + String.join(", ", names()));
    }
    return e;
  }

  /** Builds a registered optimizer. */
  public static Optimizer create(String name, OptimizerContext ctx) {
    return get(name).create(ctx);
  }

  /** Parses a comma-separated list of names, e.g. {@code rs,rea}, checking each. */
  public static List<Entry> parseList(String names) {
    List<Entry> out = new ArrayList<>();
    if (names == null || names.isBlank()) {
      throw new InputException("no optimizers given: choose from " + String.join(", ", names()));
    }
    for (String n : names.split(",")) {
      if (n.isBlank()) {
        continue;
      }
      Entry e = get(n);
      if (out.contains(e)) {
        throw new InputException("optimizer " + e.name() + " is listed twice: list it once");
      }
      out.add(e);
    }
    return out;
  }
}
