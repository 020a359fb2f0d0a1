package timelab.client.process;

import java.util.ArrayList;
import java.util.List;
import timelab.client.LoadPlan;

/**
 * One child JVM's share of the clients: a run of ordinals in the plan's segment, which are the clients' numbers when
 * the plan is whole ({@link LoadPlan.Segment#client} turns an ordinal into a number).
 *
 * @param child the child's number, from 1
 * @param first the ordinal of its first client in the segment, from 1
 * @param count how many clients it runs
 */
record Slice(int child, int first, int count) {

    /** The number, in the whole plan, of this slice's client {@code i} (from 0). */
    int client(LoadPlan.Segment segment, int i) {
        return segment.client(first - 1L + i);
    }

    /** Where client number {@code client} of the whole plan sits in this slice (from 0). */
    int local(LoadPlan.Segment segment, int client) {
        return (client - segment.index() - 1) / segment.count() - (first - 1);
    }

    /** Spreads {@code clients} clients from {@code first} over {@code jvms} children (0: one each), evenly. */
    static List<Slice> spread(int first, int clients, int jvms) {
        List<Slice> l = new ArrayList<>();
        if (jvms == 0) {
            for (int i = 0; i < clients; i++) {
                l.add(new Slice(i + 1, first + i, 1));
            }
            return l;
        }
        if (clients == 0) {
            return l; // a segment with no clients: no child
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
