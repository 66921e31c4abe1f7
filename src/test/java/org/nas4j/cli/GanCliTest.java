package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nas4j pbt --task gan}, {@code pbt bench --task gan} with all six variants, {@code nas4j sample}, and their errors. */
class GanCliTest {
  @Test
  void ganPbtAllSixVariantsAndSample(@TempDir Path dir) throws Exception {
    String[] common = {"--task", "gan", "--data", "digits", "--train-limit", "400", "--valid-limit", "100", "--population",
        "4", "--tau", "0.5", "--steps", "2", "--batches-per-step", "3", "--batch-size", "32", "--channels", "4", "--latent",
        "8", "--fd-samples", "100", "--fd-epochs", "1", "--cache", dir.resolve("cache").toString()};
    String out = CliRun.of(concat(new String[] {"pbt", "--variant", "pbt-nas", "--out", dir.resolve("run").toString()},
        common)).expect(0).out();
    assertTrue(out.contains("FD-classifier") && out.contains("nas4j sample --model"), out);
    String table = CliRun.of(concat(new String[] {"pbt", "bench", "--seeds", "1", "--out", dir.resolve("bench").toString()},
        common)).expect(0).out();
    for (String v : new String[] {"pbt-nas", "mutation", "no-mix", "copy", "reinit", "random"}) {
      assertTrue(table.contains("| " + v + " | 1 |"), v + " in " + table);
      Path run = dir.resolve("bench").resolve(v + "-s0");
      assertTrue(Files.exists(run.resolve("lineage.csv")) && Files.exists(run.resolve("samples/step-2.png")), v);
      long children = Files.readAllLines(run.resolve("lineage.csv")).stream().skip(1).filter(l -> l.startsWith("1,"))
          .count();
      assertEquals(v.equals("random") ? 0 : 2, children, v + ": children born after step 1");
    }
    assertTrue(Files.exists(dir.resolve("bench/curves.png")) && Files.exists(dir.resolve("bench/summary.csv")));
    String s = CliRun.of("sample", "--model", dir.resolve("run").toString(), "--count", "3", "--out",
        dir.resolve("png").toString()).expect(0).out();
    assertTrue(s.contains("wrote 3 images"), s);
    try (Stream<Path> files = Files.list(dir.resolve("png"))) {
      assertEquals(4, files.filter(p -> p.toString().endsWith(".png")).count(), "3 samples and the grid");
    }
    assertTrue(javax.imageio.ImageIO.read(dir.resolve("png/sample-0000.png").toFile()).getWidth() == 8);
    CliRun.of("report", "--run", dir.resolve("run").toString(), "--out", dir.resolve("r.html").toString()).expect(0);
    String html = Files.readString(dir.resolve("r.html"));
    assertTrue(html.contains("fd_classifier") && html.contains("step 2</figcaption>") && html.contains("base64,"), html);
  }

  /**
   * Colour images (as CIFAR-10's 32x32): a folder of red squares and blue discs; the generator and the sampled
   * PNGs have three channels.
   */
  @Test
  void colourImagesFromAFolder(@TempDir Path dir) throws Exception {
    java.util.Random r = new java.util.Random(1);
    for (String cls : new String[] {"red", "blue"}) {
      Files.createDirectories(dir.resolve("data").resolve(cls));
      for (int i = 0; i < 120; i++) {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(32, 32,
            java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(new java.awt.Color(240, 240, 200));
        g.fillRect(0, 0, 32, 32);
        int x = 4 + r.nextInt(16);
        int y = 4 + r.nextInt(16);
        int side = 6 + r.nextInt(6);
        g.setColor(cls.equals("red") ? new java.awt.Color(220, 40, 40) : new java.awt.Color(40, 60, 220));
        if (cls.equals("red")) {
          g.fillRect(x, y, side, side);
        } else {
          g.fillOval(x, y, side, side);
        }
        g.dispose();
        javax.imageio.ImageIO.write(img, "png", dir.resolve("data").resolve(cls).resolve(i + ".png").toFile());
      }
    }
    CliRun.of("pbt", "--task", "gan", "--data", "folder:" + dir.resolve("data") + "@32x32", "--population", "4",
        "--tau", "0.5", "--steps", "2", "--batches-per-step", "3", "--batch-size", "32", "--channels", "4", "--fd-samples",
        "100", "--fd-epochs", "1", "--cache", dir.resolve("cache").toString(), "--out", dir.resolve("run").toString())
        .expect(0);
    String s = CliRun.of("sample", "--model", dir.resolve("run").toString(), "--count", "2", "--out",
        dir.resolve("png").toString()).expect(0).out();
    assertTrue(s.contains("(3x32x32)"), s);
    java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(dir.resolve("png/sample-0000.png").toFile());
    assertEquals(32, img.getWidth());
    assertEquals(3, img.getColorModel().getNumColorComponents(), "a colour image");
  }

  @Test
  void badGanInputExitsTwoWithOneLineNamingTheFix(@TempDir Path dir) throws Exception {
    String err = CliRun.of("sample", "--model", dir.toString(), "--out", dir.resolve("o").toString()).expect(2).err();
    assertTrue(err.contains("no exported generator") && err.strip().lines().count() == 1, err);
    assertTrue(CliRun.of("sample", "--model", dir.toString(), "--count", "0", "--out", dir.resolve("o").toString())
        .expect(2).err().contains("--count"));
    Files.writeString(dir.resolve("generator.json"), "{\"architecture\": \"nearest\"}");
    assertTrue(CliRun.of("sample", "--model", dir.toString(), "--out", dir.resolve("o").toString()).expect(2).err()
        .contains("export the generator again"));
    assertTrue(CliRun.of("pbt", "--task", "gan", "--space", "nb201", "--data", "digits").expect(2).err()
        .contains("--space does not apply to --task gan"));
    assertTrue(CliRun.of("report", "--run", dir.toString(), "--out", dir.resolve("r.html").toString()).expect(2).err()
        .contains("no finished PBT run"));
    assertTrue(CliRun.of("pbt", "--task", "gans", "--data", "digits").expect(2).err().contains("choose classify or gan"));
    assertTrue(CliRun.of("pbt", "--task", "gan", "--data", "digits", "--fd-samples", "10").expect(2).err()
        .contains("--fd-samples 1000"));
    assertTrue(CliRun.of("pbt", "--task", "gan", "--data", "digits", "--store", dir.resolve("s.db").toString()).expect(2)
        .err().contains("drop --store"));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
