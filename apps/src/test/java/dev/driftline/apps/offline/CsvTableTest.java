package dev.driftline.apps.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
    @TempDir
    Path dir;

    private Path csv(String content) throws IOException {
        Path file = Files.createTempFile(dir, "table", ".csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void readsNamedColumnsWithEmptyCellsAsNulls() throws Exception {
        CsvTable t = CsvTable.read(csv("""
                age,income,color,score,label
                30,1000.5,red,0.1,1
                ,2000,blue,nan,0
                45,NaN,"red, dark",0.3,1
                50,,,0.4,
                """));
        assertThat(t.columns()).containsExactly("age", "income", "color", "score", "label");
        assertThat(t.rows()).isEqualTo(4);
        assertThat(t.isNumeric("age")).isTrue();
        assertThat(t.isNumeric("income")).isTrue();
        assertThat(t.isNumeric("color")).isFalse();
        assertThat(t.isNumeric("score")).isTrue();
        assertThat(t.isNumeric("label")).isTrue();
        assertThat(t.numbers("age")).containsExactly(30, Double.NaN, 45, 50);
        assertThat(t.numbers("income")).containsExactly(1000.5, 2000, Double.NaN, Double.NaN);
        assertThat(t.numbers("score")).containsExactly(0.1, Double.NaN, 0.3, 0.4);
        assertThat(t.numbers("label")).containsExactly(1, 0, 1, Double.NaN);
        assertThat(t.texts("color")).containsExactly("red", "blue", "red, dark", null);
        assertThat(t.texts("age")).containsExactly("30", null, "45", "50");
        assertThat(t.texts("score")).containsExactly("0.1", null, "0.3", "0.4");
    }

    @Test
    void numericOnlyWhenEveryNonEmptyCellIsADecimalNumber() throws Exception {
        CsvTable t = CsvTable.read(csv("""
                plain,exp,inf,java_suffix,hex,words,spaced
                1,1e3,inf,1d,0x10,a,  3\s
                -2.,.5,-inf,2,1,2,4
                +4,-1.5E-2,Infinity,3,2,3,
                """));
        assertThat(t.numbers("plain")).containsExactly(1, -2, 4);
        assertThat(t.numbers("exp")).containsExactly(1000, 0.5, -0.015);
        assertThat(t.numbers("inf")).containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY);
        assertThat(t.isNumeric("java_suffix")).as("Java's 1d is text in a CSV").isFalse();
        assertThat(t.isNumeric("hex")).isFalse();
        assertThat(t.isNumeric("words")).as("one non-number makes the column text").isFalse();
        assertThat(t.texts("words")).containsExactly("a", "2", "3");
        assertThat(t.numbers("spaced")).containsExactly(3, 4, Double.NaN);
        assertThatThrownBy(() -> t.numbers("words")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("words");
    }

    @Test
    void nanTokensAreNullsInStringColumnsToo() throws Exception {
        CsvTable t = CsvTable.read(csv("c,n\nx,NAN\nnan,-nan\n ,1\n"));
        assertThat(t.isNumeric("c")).isFalse();
        assertThat(t.texts("c")).containsExactly("x", null, null);
        assertThat(t.numbers("n")).containsExactly(Double.NaN, Double.NaN, 1);
    }

    @Test
    void allEmptyColumnIsNumericWithOnlyNaN() throws Exception {
        CsvTable t = CsvTable.read(csv("a,b\n1,\n2,\n"));
        assertThat(t.isNumeric("b")).isTrue();
        assertThat(t.numbers("b")).containsExactly(Double.NaN, Double.NaN);
        assertThat(t.texts("b")).containsExactly(null, null);
    }

    @Test
    void shortRowsArePaddedWithNullsAndTrailingCommasTolerated() throws Exception {
        CsvTable t = CsvTable.read(csv("a,b,c\r\n1,2\r\n4,5,6,\r\n\r\n7,8,9\r\n"));
        assertThat(t.rows()).as("blank line skipped").isEqualTo(3);
        assertThat(t.numbers("c")).containsExactly(Double.NaN, 6, 9);
        assertThat(t.numbers("a")).containsExactly(1, 4, 7);
    }

    @Test
    void badFilesAreRejected() throws Exception {
        assertThatThrownBy(() -> CsvTable.read(csv("a,b\n1,2,3\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("row 1").hasMessageContaining("3 cells");
        assertThatThrownBy(() -> CsvTable.read(csv("a,a\n1,2\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("duplicate column name 'a'");
        assertThatThrownBy(() -> CsvTable.read(csv(""))).isInstanceOf(IOException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> CsvTable.read(dir.resolve("missing.csv"))).isInstanceOf(IOException.class);
    }

    @Test
    void headerOnlyBomAndBlankNames() throws Exception {
        CsvTable empty = CsvTable.read(csv("x,y\n"));
        assertThat(empty.rows()).isZero();
        assertThat(empty.columns()).containsExactly("x", "y");
        assertThat(empty.numbers("x")).isEmpty();

        CsvTable bom = CsvTable.read(csv("\uFEFFid,,v\n1,2,3\n"));
        assertThat(bom.columns()).containsExactly("id", "Unnamed: 1", "v");
        assertThat(bom.numbers("id")).containsExactly(1);
    }

    @Test
    void unknownColumnIsAnError() throws Exception {
        CsvTable t = CsvTable.read(csv("a\n1\n"));
        assertThat(t.hasColumn("a")).isTrue();
        assertThat(t.hasColumn("b")).isFalse();
        assertThatThrownBy(() -> t.isNumeric("b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'b'");
        assertThatThrownBy(() -> t.texts("b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numbersIsACopy() throws Exception {
        CsvTable t = CsvTable.read(csv("a\n1\n2\n"));
        t.numbers("a")[0] = 99;
        assertThat(t.numbers("a")).containsExactly(1, 2);
        assertThatThrownBy(() -> t.texts("a").set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> t.columns().add("z")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void fromTypedColumns() {
        Map<String, List<?>> columns = new LinkedHashMap<>();
        columns.put("n", Arrays.asList(1, 2.5, null, Double.NaN, 7L));
        columns.put("s", Arrays.asList("x", null, "y", "1", "z"));
        columns.put("b", Arrays.asList(true, false, null, true, true));
        CsvTable t = CsvTable.fromColumns(columns);
        assertThat(t.columns()).containsExactly("n", "s", "b");
        assertThat(t.rows()).isEqualTo(5);
        assertThat(t.isNumeric("n")).isTrue();
        assertThat(t.numbers("n")).containsExactly(1, 2.5, Double.NaN, Double.NaN, 7);
        assertThat(t.texts("n")).containsExactly("1", "2.5", null, null, "7");
        assertThat(t.isNumeric("s")).as("typed strings stay strings").isFalse();
        assertThat(t.texts("s")).containsExactly("x", null, "y", "1", "z");
        assertThat(t.isNumeric("b")).isFalse();
        assertThat(t.texts("b")).containsExactly("true", "false", null, "true", "true");

        Map<String, List<?>> ragged = new LinkedHashMap<>();
        ragged.put("a", List.of(1, 2));
        ragged.put("b", List.of(1));
        assertThatThrownBy(() -> CsvTable.fromColumns(ragged)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'b'");
        assertThat(CsvTable.fromColumns(new LinkedHashMap<>()).rows()).isZero();
    }

    @Test
    void fromTextCellsIsTypedLikeACsvFile() {
        CsvTable t = CsvTable.fromCells(List.of("a", "b"),
                List.of(new String[] {"1", "x"}, new String[] {"", "2"}, new String[] {"3"}));
        assertThat(t.numbers("a")).containsExactly(1, Double.NaN, 3);
        assertThat(t.isNumeric("b")).isFalse();
        assertThat(t.texts("b")).containsExactly("x", "2", null);
    }

    @Test
    void parseNumberHelper() {
        assertThat(CsvTable.parseNumber("2.5")).isEqualTo(2.5);
        assertThat(CsvTable.parseNumber(" -1e2 ")).isEqualTo(-100.0);
        assertThat(CsvTable.parseNumber("-Inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(CsvTable.parseNumber("nan")).isNull();
        assertThat(CsvTable.parseNumber("")).isNull();
        assertThat(CsvTable.parseNumber(null)).isNull();
        assertThat(CsvTable.parseNumber("abc")).isNull();
        assertThat(CsvTable.parseNumber("1f")).isNull();
    }
}
