package dev.driftline.job.cli;

import dev.driftline.apps.offline.CsvTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/** Reads a flat Parquet training set (one column per feature) into a table for profiling or drift. */
final class ParquetTables {
    private ParquetTables() {}

    static CsvTable read(Path file) throws Exception {
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file)).build()) {
            GenericRecord record;
            int rows = 0;
            while ((record = reader.read()) != null) {
                if (columns.isEmpty()) {
                    for (Schema.Field f : record.getSchema().getFields()) {
                        columns.put(f.name(), new ArrayList<>());
                    }
                }
                for (Map.Entry<String, List<Object>> c : columns.entrySet()) {
                    Object v = record.get(c.getKey());
                    if (v instanceof Utf8 || v instanceof CharSequence) {
                        v = v.toString();
                    } else if (v instanceof Boolean b) {
                        v = b ? 1.0 : 0.0;
                    } else if (v != null && !(v instanceof Number)) {
                        v = v.toString();
                    }
                    c.getValue().add(v);
                }
                rows++;
            }
            if (rows == 0) {
                throw new IllegalArgumentException(file + " has no rows");
            }
        }
        return CsvTable.fromColumns(columns);
    }
}
