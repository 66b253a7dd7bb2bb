package dev.driftline.functions.decode;

/** One row's values (or one row's predictions), as the record's parallel arrays: numbers, and texts for strings. */
final class RowValues {
    final double[] numbers;
    final String[] texts;

    RowValues(int n) {
        numbers = new double[n];
        texts = new String[n];
    }

    RowValues(double[] numbers, String[] texts) {
        this.numbers = numbers;
        this.texts = texts;
    }
}
