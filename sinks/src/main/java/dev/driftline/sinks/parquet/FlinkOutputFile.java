package dev.driftline.sinks.parquet;

import java.io.IOException;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A part file's stream as a Parquet {@link OutputFile} (flink-parquet's own adapter is package-private). Closing the
 * Parquet writer must not close the stream: the FileSink owns it and commits it at the checkpoint.
 *
 * <p>Small writes are gathered in a buffer: Parquet writes the footer field by field (thrift, a few bytes a call, and
 * a records file has about forty columns), and the local file system's stream sends each call to the kernel. The
 * buffer exists only while there is something in it (see {@link #release()}), so an open writer that waits for the
 * next checkpoint holds none.
 */
final class FlinkOutputFile implements OutputFile {
    private static final int BUFFER_SIZE = 8 * 1024;

    private final FSDataOutputStream out;
    private byte[] buffer;
    private int count;

    FlinkOutputFile(FSDataOutputStream out) {
        this.out = out;
    }

    /** Writes out what is buffered and lets the buffer go. */
    void release() throws IOException {
        drain();
        buffer = null;
    }

    private void drain() throws IOException {
        if (count > 0) {
            out.write(buffer, 0, count);
            count = 0;
        }
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        return new PositionOutputStream() {
            @Override
            public long getPos() throws IOException {
                return out.getPos() + count;
            }

            @Override
            public void write(int b) throws IOException {
                if (buffer == null) {
                    buffer = new byte[BUFFER_SIZE];
                } else if (count == buffer.length) {
                    drain();
                }
                buffer[count++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len >= BUFFER_SIZE) { // column chunks: no copy
                    drain();
                    out.write(b, off, len);
                    return;
                }
                if (buffer == null) {
                    buffer = new byte[BUFFER_SIZE];
                } else if (count + len > buffer.length) {
                    drain();
                }
                System.arraycopy(b, off, buffer, count, len);
                count += len;
            }

            @Override
            public void flush() throws IOException {
                drain();
                out.flush();
            }

            @Override
            public void close() throws IOException {
                release(); // the sink closes (and commits) the stream itself
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
