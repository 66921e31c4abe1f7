package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellTest {
  @Test
  void plainWordsStayAndOthersPasteAsOneWord() throws Exception {
    assertEquals("runs/nas4j.db", Shell.quote("runs/nas4j.db"));
    // what a shell makes of the quoted words: each one argument, unchanged
    for (String word : List.of("my run", "<script>x</script>", "it's", "a\"b", "$HOME", "a;b", "")) {
      Process p = new ProcessBuilder("sh", "-c", "printf %s " + Shell.quote(word)).redirectErrorStream(true).start();
      assertEquals(word, new String(p.getInputStream().readAllBytes()), word);
      assertEquals(0, p.waitFor());
    }
  }
}
