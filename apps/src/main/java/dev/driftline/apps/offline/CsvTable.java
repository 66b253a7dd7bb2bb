package dev.driftline.apps.offline;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A small in-memory table of named columns, read from a CSV file with a header (or built from columns already read,
 * e.g. from Parquet). Each column is either numeric or string:
 * <ul>
 *   <li>empty (or blank) cells and NaN tokens ({@code nan}, {@code NaN}, {@code -nan}, ... any case) are nulls;</li>
 *   <li>a column is numeric when every non-null cell parses as a decimal number (also {@code inf}, {@code -inf},
 *       {@code Infinity}); otherwise it is a string column;</li>
 *   <li>{@link #numbers(String)} gives a numeric column with NaN for nulls; {@link #texts(String)} gives any column's
 *       cells as text with null for nulls.</li>
 * </ul>
 * A column with only nulls counts as numeric (all NaN), as pandas reads it as float.
 */
public final class CsvTable {
    /** Decimal numbers as pandas/numpy write them; no hex, no Java {@code d}/{@code f} suffixes. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INFINITY = Pattern.compile("[+-]?(inf|infinity)", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAN = Pattern.compile("[+-]?nan", Pattern.CASE_INSENSITIVE);

    private final List<String> columns;
    private final Map<String, Column> byName;
    private final int rows;

    private record Column(boolean numeric, double[] numbers, List<String> texts) {}

    private CsvTable(List<String> columns, Map<String, Column> byName, int rows) {
        this.columns = Collections.unmodifiableList(new ArrayList<>(columns));
        this.byName = byName;
        this.rows = rows;
    }

    /** Reads a CSV file (comma-separated, double-quote quoting, first line = header, UTF-8 with or without BOM). */
    public static CsvTable read(Path file) throws IOException {
        CsvMapper mapper = new CsvMapper();
        List<String[]> lines = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<String[]> it = mapper.readerFor(String[].class)
                     .with(CsvParser.Feature.WRAP_AS_ARRAY)
                     .with(CsvParser.Feature.SKIP_EMPTY_LINES)
                     .readValues(reader)) {
            while (it.hasNext()) {
                lines.add(it.next());
            }
        } catch (RuntimeException e) {
            throw new IOException("cannot read CSV " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new IOException("CSV " + file + " is empty: a header line is required");
        }
        String[] header = lines.get(0).clone();
        if (header.length > 0 && header[0] != null && header[0].startsWith("\uFEFF")) {
            header[0] = header[0].substring(1);
        }
        try {
            return fromCells(Arrays.asList(header), lines.subList(1, lines.size()));
        } catch (IllegalArgumentException e) {
            throw new IOException("CSV " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A table from text cells, typed like a CSV file: {@code rows} are the data lines (without the header); a short
     * row is padded with nulls, a row longer than the header is an error.
     */
    public static CsvTable fromCells(List<String> header, List<String[]> rows) {
        List<String> names = columnNames(header);
        int n = names.size();
        List<List<String>> cells = new ArrayList<>(n);
        for (int c = 0; c < n; c++) {
            cells.add(new ArrayList<>(rows.size()));
        }
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            int width = row.length;
            // Trailing empty cells beyond the header (e.g. a trailing comma) are tolerated.
            while (width > n && (row[width - 1] == null || row[width - 1].isBlank())) {
                width--;
            }
            if (width > n) {
                throw new IllegalArgumentException("data row " + (r + 1) + " has " + row.length + " cells but the header has "
                        + n + " columns");
            }
            for (int c = 0; c < n; c++) {
                cells.get(c).add(c < row.length ? nullIfMissing(row[c]) : null);
            }
        }
        Map<String, Column> byName = new LinkedHashMap<>();
        for (int c = 0; c < n; c++) {
            byName.put(names.get(c), textColumn(cells.get(c)));
        }
        return new CsvTable(names, byName, rows.size());
    }

    /**
     * A table from typed columns, e.g. read from Parquet, in the map's order. A column is numeric when every non-null
     * value is a {@link Number} (NaN counts as null); otherwise its values are strings ({@code String.valueOf}).
     * All columns must have the same length.
     */
    public static CsvTable fromColumns(Map<String, ? extends List<?>> columns) {
        List<String> names = columnNames(new ArrayList<>(columns.keySet()));
        Map<String, Column> byName = new LinkedHashMap<>();
        int rows = -1;
        int c = 0;
        for (List<?> values : columns.values()) {
            String name = names.get(c++);
            if (rows >= 0 && values.size() != rows) {
                throw new IllegalArgumentException("column '" + name + "' has " + values.size() + " values, expected " + rows);
            }
            rows = values.size();
            boolean numeric = true;
            for (Object v : values) {
                if (v != null && !(v instanceof Number)) {
                    numeric = false;
                    break;
                }
            }
            List<String> texts = new ArrayList<>(values.size());
            double[] numbers = numeric ? new double[values.size()] : null;
            for (int i = 0; i < values.size(); i++) {
                Object v = values.get(i);
                if (v instanceof Number num && Double.isNaN(num.doubleValue())) {
                    v = null;
                }
                texts.add(v == null ? null : String.valueOf(v));
                if (numeric) {
                    numbers[i] = v == null ? Double.NaN : ((Number) v).doubleValue();
                }
            }
            byName.put(name, new Column(numeric, numbers, Collections.unmodifiableList(texts)));
        }
        return new CsvTable(names, byName, Math.max(rows, 0));
    }

    /**
     * The number in a cell as this table reads it: null for nulls (empty, blank, NaN tokens) and for text that is
     * not a number.
     */
    public static Double parseNumber(String cell) {
        if (cell == null) {
            return null;
        }
        String s = cell.trim();
        if (s.isEmpty() || NAN.matcher(s).matches()) {
            return null;
        }
        if (DECIMAL.matcher(s).matches()) {
            return Double.parseDouble(s);
        }
        if (INFINITY.matcher(s).matches()) {
            return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return null;
    }

    /** True for a cell this table reads as null: missing, empty, blank or a NaN token. */
    public static boolean isNullCell(String cell) {
        return cell == null || cell.isBlank() || NAN.matcher(cell.trim()).matches();
    }

    public List<String> columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }

    public boolean hasColumn(String name) {
        return byName.containsKey(name);
    }

    public boolean isNumeric(String name) {
        return column(name).numeric();
    }

    /** A numeric column's values, NaN for nulls (a copy). */
    public double[] numbers(String name) {
        Column c = column(name);
        if (!c.numeric()) {
            throw new IllegalArgumentException("column '" + name + "' is not numeric");
        }
        return c.numbers().clone();
    }

    /** Any column's cells as text, null for nulls (unmodifiable). */
    public List<String> texts(String name) {
        return column(name).texts();
    }

    private Column column(String name) {
        Column c = byName.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no column '" + name + "' (columns: " + columns + ")");
        }
        return c;
    }

    private static Column textColumn(List<String> cells) {
        double[] numbers = new double[cells.size()];
        boolean numeric = true;
        for (int i = 0; i < cells.size(); i++) {
            String s = cells.get(i);
            if (s == null) {
                numbers[i] = Double.NaN;
                continue;
            }
            Double d = parseNumber(s);
            if (d == null) {
                numeric = false;
                break;
            }
            numbers[i] = d;
        }
        return new Column(numeric, numeric ? numbers : null, Collections.unmodifiableList(cells));
    }

    private static String nullIfMissing(String cell) {
        return isNullCell(cell) ? null : cell;
    }

    /** Header names as pandas gives them: a blank name becomes {@code Unnamed: <i>}; duplicates are rejected. */
    private static List<String> columnNames(List<String> header) {
        List<String> names = new ArrayList<>(header.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i);
            String name = h == null || h.isBlank() ? "Unnamed: " + i : h;
            if (!seen.add(name)) {
                throw new IllegalArgumentException("duplicate column name '" + name + "'");
            }
            names.add(Objects.requireNonNull(name));
        }
        return names;
    }

    @Override
    public String toString() {
        List<String> kinds = new ArrayList<>();
        for (String c : columns) {
            kinds.add(c + (byName.get(c).numeric() ? ":number" : ":string"));
        }
        return "CsvTable" + kinds + " x " + rows + " rows";
    }
}
