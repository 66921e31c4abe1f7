package org.nas4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.InputException;

class ImageFolderTest {
  @TempDir Path dir;

  /** A w x h PNG filled with one colour. */
  static void png(Path file, int w, int h, int rgb, boolean grey) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (grey) {
          img.getRaster().setSample(x, y, 0, rgb & 0xFF);
        } else {
          img.setRGB(x, y, rgb);
        }
      }
    }
    ImageIO.write(img, "png", file.toFile());
  }

  @Test
  void colourFolderWithTrainAndTest() throws IOException {
    for (int i = 0; i < 4; i++) {
      png(dir.resolve("train/cat/" + i + ".png"), 6, 5, 0xFF0000 + i, false);
      png(dir.resolve("train/dog/" + i + ".png"), 6, 5, 0x00FF00 + i, false);
    }
    png(dir.resolve("test/cat/a.png"), 6, 5, 0x102030, false);
    png(dir.resolve("test/dog/b.png"), 6, 5, 0x405060, false);
    Files.writeString(dir.resolve("train/cat/notes.txt"), "not an image");
    DataSplit s = DataSplit.load("folder:" + dir, DataOptions.defaults().withValidFraction(0.25));
    assertEquals("folder-" + dir.getFileName().toString().toLowerCase(), s.task());
    assertEquals(List.of("cat", "dog"), s.train().classNames());
    assertEquals(6, s.train().size());
    assertEquals(2, s.valid().size());
    assertEquals(1, s.valid().label(1) - s.valid().label(0), "the split is stratified: one of each class");
    assertEquals(2, s.test().size());
    assertEquals(3, s.channels());
    assertEquals(5, s.height());
    assertEquals(6, s.width());
    ImageSet t = s.test();
    assertEquals(0x10, t.pixel(0, 4, 5, 0));
    assertEquals(0x20, t.pixel(0, 4, 5, 1));
    assertEquals(0x30, t.pixel(0, 4, 5, 2));
    assertEquals(1, t.label(1));
    assertEquals(0x60, t.pixel(1, 0, 0, 2));
  }

  @Test
  void greyFlatFolderIsResizedAndSplit() throws IOException {
    for (int i = 0; i < 10; i++) {
      png(dir.resolve("flowers/a/" + i + ".png"), 4 + i, 4 + i, 40, true);
      png(dir.resolve("flowers/b/" + i + ".png"), 8, 8, 200, true);
    }
    DataSplit s = DataSplit.load("folder:" + dir.resolve("flowers") + "@3x2", DataOptions.defaults());
    assertEquals("folder-flowers", s.task());
    assertEquals(1, s.channels());
    assertEquals(3, s.height());
    assertEquals(2, s.width());
    assertEquals(4, s.test().size(), "20% of each class held out as the test set");
    assertEquals(20, s.train().size() + s.valid().size() + s.test().size());
    for (int i = 0; i < s.test().size(); i++) {
      assertEquals(s.test().label(i) == 0 ? 40 : 200, s.test().pixel(i, 1, 1, 0), 2);
    }
  }

  @Test
  void differentSizesWithoutResizeSayWhatToAdd() throws IOException {
    png(dir.resolve("a/1.png"), 4, 4, 0, false);
    png(dir.resolve("b/1.png"), 5, 4, 0, false);
    InputException e = assertThrows(InputException.class, () -> DataSplit.load("folder:" + dir, DataOptions.defaults()));
    assertTrue(e.getMessage().contains("@4x4"), e.getMessage());
  }

  @Test
  void folderProblemsAreInputErrors() throws IOException {
    InputException e = assertThrows(InputException.class,
        () -> DataSplit.load("folder:" + dir.resolve("nope"), DataOptions.defaults()));
    assertTrue(e.getMessage().contains("no such folder"), e.getMessage());
    png(dir.resolve("only/1.png"), 4, 4, 0, false);
    e = assertThrows(InputException.class, () -> DataSplit.load("folder:" + dir, DataOptions.defaults()));
    assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    Files.createDirectories(dir.resolve("other"));
    Files.writeString(dir.resolve("other/broken.png"), "not a png");
    e = assertThrows(InputException.class, () -> DataSplit.load("folder:" + dir, DataOptions.defaults()));
    assertTrue(e.getMessage().contains("broken.png"), e.getMessage());
  }

  @Test
  void jpegImagesDecode() throws IOException {
    for (int i = 0; i < 12; i++) {
      for (String c : List.of("red", "blue")) {
        Path f = dir.resolve(c + "/" + i + ".jpg");
        Files.createDirectories(f.getParent());
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
          for (int x = 0; x < 16; x++) {
            img.setRGB(x, y, c.equals("red") ? 0xE01010 : 0x1010E0);
          }
        }
        assertTrue(ImageIO.write(img, "jpg", f.toFile()));
      }
    }
    DataSplit s = DataSplit.load("folder:" + dir + "@8x8", DataOptions.defaults().withValidFraction(0));
    assertEquals(3, s.channels());
    assertEquals(8, s.height());
    ImageSet t = s.train();
    for (int i = 0; i < t.size(); i++) {
      boolean red = t.classNames().get(t.label(i)).equals("red");
      assertEquals(red ? 0xE0 : 0x10, t.pixel(i, 4, 4, 0), 12);
      assertEquals(red ? 0x10 : 0xE0, t.pixel(i, 4, 4, 2), 12);
    }
  }
}
