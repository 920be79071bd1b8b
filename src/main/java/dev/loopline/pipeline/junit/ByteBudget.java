package dev.loopline.pipeline.junit;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import dev.loopline.common.DomainException;
import dev.loopline.common.Quantities;

/**
 * A limit on how many bytes may be read, shared by every stream that draws on it (a zip's inflated entries together),
 * so neither a huge body nor a zip bomb is read past the bound: crossing it throws {@link DomainException.TooLarge}
 * (413, {@code payload_too_large}).
 */
final class ByteBudget {

    private final long limit;
    private final String what;
    private long used;

    ByteBudget(long limit, String what) {
        this.limit = limit;
        this.what = what;
    }

    long used() {
        return used;
    }

    InputStream guard(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    take(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    take(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                take(skipped);
                return skipped;
            }

            @Override
            public boolean markSupported() {
                return false;
            }
        };
    }

    private void take(long n) {
        used += n;
        if (used > limit) {
            throw new DomainException.TooLarge("payload_too_large", what + " is larger than the limit of "
                    + Quantities.bytes(limit) + "; split the reports and post them in parts.");
        }
    }
}
