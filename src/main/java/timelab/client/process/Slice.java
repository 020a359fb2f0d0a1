package timelab.client.process;

import java.util.ArrayList;
import java.util.List;

/**
 * One child JVM's share of the clients.
 *
 * @param child the child's number, from 1
 * @param first the number of its first client
 * @param count how many clients it runs
 */
record Slice(int child, int first, int count) {

    /** Spreads {@code clients} clients from {@code first} over {@code jvms} children (0: one each), evenly. */
    static List<Slice> spread(int first, int clients, int jvms) {
        List<Slice> l = new ArrayList<>();
        if (jvms == 0) {
            for (int i = 0; i < clients; i++) {
                l.add(new Slice(i + 1, first + i, 1));
            }
            return l;
        }
        int k = Math.min(jvms, clients);
        int base = clients / k;
        int extra = clients % k;
        int next = first;
        for (int j = 0; j < k; j++) {
            int n = base + (j < extra ? 1 : 0);
            l.add(new Slice(j + 1, next, n));
            next += n;
        }
        return l;
    }
}
