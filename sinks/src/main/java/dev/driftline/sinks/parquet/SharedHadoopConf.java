package dev.driftline.sinks.parquet;

import org.apache.hadoop.conf.Configuration;

/**
 * One Hadoop configuration per JVM, parsed once. A FileSink that rolls on checkpoints opens a writer per active bucket
 * (endpoint × hour) after every checkpoint; letting each writer build its own configuration re-parsed Hadoop's XML
 * defaults every time — a fifth of the job's CPU in the benchmark. The Avro writers (results, errors) each take a
 * copy; the records writer, which only reads it, shares it, because an open writer keeps its configuration until the
 * file is finished.
 */
final class SharedHadoopConf {
    static final Configuration CONF = load();

    private SharedHadoopConf() {}

    private static Configuration load() {
        Configuration c = new Configuration();
        c.get("fs.defaultFS"); // parse the default resources now
        return c;
    }
}
