package org.nas4j.space;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nas4j.InputException;

/**
 * The search spaces a search or a training can name ({@code --space}), and the one a stored study recorded.
 */
public final class SearchSpaces {
  private static final Map<String, SearchSpace> BY_NAME = new LinkedHashMap<>();

  static {
    for (SearchSpace s : List.<SearchSpace>of(CellSpace.NB201, NasnetSpace.NASNET, NasnetSpace.NASNET_WS)) {
      BY_NAME.put(s.name(), s);
    }
  }

  private SearchSpaces() {}

  /** The names, in a fixed order (NAS-Bench-201's cell space first). */
  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  /**
   * The space of a name.
   *
   * @throws InputException naming the known spaces when there is no such space
   */
  public static SearchSpace get(String name) {
    SearchSpace s = BY_NAME.get(name == null ? "" : name.strip());
    if (s == null) {
      throw new InputException("unknown search space '" + name + "': choose --space from " + String.join(", ", names()));
    }
    return s;
  }
}
