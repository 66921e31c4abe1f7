package org.nas4j.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;

/** Each kind of number on large, small, whole, negative and missing values. */
class FormatTest {
  @Test
  void countsAreGroupedByThousandsAndNeverLoseDigits() {
    assertEquals("1,913,280", Format.count(1_913_280L));
    assertEquals("2,000", Format.count(2000L), "a PBT study's 2000 images, once shown as 2");
    assertEquals("100,000", Format.count(100_000L));
    assertEquals("0", Format.count(0L));
    assertEquals("7", Format.count(7L));
    assertEquals("-1,234", Format.count(-1234L));
    assertEquals("9,223,372,036,854,775,807", Format.count(Long.MAX_VALUE));
    assertEquals("1,913,280", Format.count(1_913_280.0));
    assertEquals("1,235", Format.count(1234.6), "a count held in a double is rounded");
    assertEquals("0", Format.count(-0.2), "no sign on a value that rounds to zero");
    assertEquals(Format.MISSING, Format.count(Double.NaN));
    assertEquals("∞", Format.count(Double.POSITIVE_INFINITY));
  }

  @Test
  void compactShowsThreeSignificantDigitsWithAUnit() {
    assertEquals("1.29 M", Format.compact(1_288_218));
    assertEquals("1.91 M", Format.compact(1_913_280));
    assertEquals("141 M", Format.compact(141_214_720));
    assertEquals("35.2 k", Format.compact(35_170));
    assertEquals("1.00 M", Format.compact(999_950), "rounded before the unit is chosen");
    assertEquals("2.50 G", Format.compact(2.5e9));
    assertEquals("950", Format.compact(950));
    assertEquals("12.5", Format.compact(12.5));
    assertEquals("0", Format.compact(0));
    assertEquals("-4.20 k", Format.compact(-4200));
    assertEquals(Format.MISSING, Format.compact(Double.NaN));
  }

  @Test
  void secondsKeepAboutThreeSignificantDigits() {
    assertEquals("0.69", Format.seconds(0.6913));
    assertEquals("0.00", Format.seconds(0.001));
    assertEquals("4.20", Format.seconds(4.2));
    assertEquals("14.2", Format.seconds(14.23));
    assertEquals("146", Format.seconds(146.0));
    assertEquals("100,000", Format.seconds(100_000), "--budget-seconds 100000, once shown as 1");
    assertEquals("12,000", Format.seconds(12_000));
    assertEquals("-3.50", Format.seconds(-3.5));
    assertEquals(Format.MISSING, Format.seconds(Double.NaN));
  }

  @Test
  void durationsReadLikeAClock() {
    assertEquals("0s", Format.duration(Duration.ZERO));
    assertEquals("12s", Format.duration(Duration.ofMillis(12_900)));
    assertEquals("3m07s", Format.duration(Duration.ofSeconds(187)));
    assertEquals("1h02m", Format.duration(Duration.ofSeconds(3720)));
    assertEquals("1,000h00m", Format.duration(Duration.ofHours(1000)));
    assertEquals("0s", Format.duration(Duration.ofSeconds(-5)), "never negative");
  }

  @Test
  void percentShowsAFractionWithTwoDecimals() {
    assertEquals("93.13%", Format.percent(0.93125));
    assertEquals("100.00%", Format.percent(1));
    assertEquals("0.00%", Format.percent(0));
    assertEquals("0.05%", Format.percent(0.0005));
    assertEquals("-1.50%", Format.percent(-0.015));
    assertEquals("1,250.00%", Format.percent(12.5));
    assertEquals(Format.MISSING, Format.percent(Double.NaN));
  }

  @Test
  void metricsGetDecimalsFittedToTheirRange() {
    assertEquals("93.12", Format.metric(93.1234, 80));
    assertEquals("0.4321", Format.metric(0.43214, 0.5));
    assertEquals("0.432", Format.metric(0.43214, 1));
    assertEquals("0.00001230", Format.metric(0.0000123, 0.00005));
    assertEquals("1,913,280.00", Format.metric(1_913_280, 1e6), "never fewer than 2 decimals");
    assertEquals("-0.3000", Format.metric(-0.3, 0.5));
    assertEquals("0.00", Format.metric(-0.001, 0), "a single value: 2 decimals, no sign on zero");
    assertEquals(Format.MISSING, Format.metric(Double.NaN, 1));
  }

  @Test
  void aColumnGetsTheDecimalsOfItsRangeButNoMoreThanItsValuesCarry() {
    DoubleFunction<String> flops = Format.forColumn(1_913_280, 35_170, Double.NaN);
    assertEquals("1,913,280", flops.apply(1_913_280));
    assertEquals(Format.MISSING, flops.apply(Double.NaN));
    DoubleFunction<String> loss = Format.forColumn(0.41237, 0.9, 2);
    assertEquals("0.412", loss.apply(0.41237), "3 decimals for a range of 1.6");
    assertEquals("2.000", loss.apply(2));
    DoubleFunction<String> accuracy = Format.forColumn(71.3, 70.1, 66.8);
    assertEquals("71.3", accuracy.apply(71.3), "accuracies on 1,000 images carry one decimal");
    assertEquals("66.8", accuracy.apply(66.8));
    DoubleFunction<String> ids = Format.forColumn(-1, 3, 12);
    assertEquals("-1", ids.apply(-1));
  }

  @Test
  void ticksShowTheirStep() {
    assertEquals("0.2", Format.tick(0.2, 0.2));
    assertEquals("0.0", Format.tick(1e-17, 0.2), "a rounding error next to zero is zero");
    assertEquals("7.5", Format.tick(7.5, 2.5));
    assertEquals("12,000", Format.tick(12_000, 2000));
    assertEquals("-0.05", Format.tick(-0.05, 0.05));
    assertEquals("73.4", Format.tick(73.4123, 3.7123), "an uneven step: two significant digits of it");
    assertEquals("5", Format.tick(5, 1));
    assertEquals(Format.MISSING, Format.tick(Double.NaN, 1));
  }

  @Test
  void meanAndSpreadAndSignedDifferences() {
    assertEquals("91.21±0.33", Format.plusMinus(91.2149, 0.331, 2));
    assertEquals("1,234.50±10.00", Format.plusMinus(1234.5, 10, 2));
    assertEquals(Format.MISSING, Format.plusMinus(Double.NaN, 1, 2));
    assertEquals("+0.0012", Format.signed(0.0012, 4));
    assertEquals("-0.30", Format.signed(-0.3, 2));
    assertEquals("+0.000", Format.signed(-0.0001, 3), "rounds to zero: no minus sign");
    assertEquals(Format.MISSING, Format.signed(Double.NaN, 2));
    assertEquals(3, Format.decimalsForRange(1));
    assertEquals(4, Format.decimalsForRange(0.5));
    assertEquals(2, Format.decimalsForRange(Double.NaN));
    assertEquals(3, Format.decimalsForSpread(0.012, 2));
  }
}
