package dev.driftline.sinks.parquet;

import java.io.IOException;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A part file's stream as a Parquet {@link OutputFile} (flink-parquet's own adapter is package-private). Closing the
 * Parquet writer must not close the stream: the FileSink owns it and commits it at the checkpoint.
 */
final class FlinkOutputFile implements OutputFile {
    private final FSDataOutputStream out;

    FlinkOutputFile(FSDataOutputStream out) {
        this.out = out;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        return new PositionOutputStream() {
            @Override
            public long getPos() throws IOException {
                return out.getPos();
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() {
                // the sink closes (and commits) the stream
            }
        };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }
}
