package timelab.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@link ServerObserver#all}: tells each of several observers, in order. */
final class AllObservers implements ServerObserver {

    // an array, not a List: these run for every connection, and an iterator is garbage per connection
    private final ServerObserver[] list;

    AllObservers(ServerObserver... observers) {
        this.list = List.of(observers).toArray(ServerObserver[]::new);
    }

    @Override
    public void accepted(long total, String remote) {
        for (ServerObserver l : list) {
            l.accepted(total, remote);
        }
    }

    @Override
    public ConnectionObserver opened(String remote) {
        // called for every connection: no list unless two or more observers watch it
        ConnectionObserver first = ConnectionObserver.NONE;
        List<ConnectionObserver> observers = null;
        for (ServerObserver l : list) {
            ConnectionObserver o = l.opened(remote);
            if (o == ConnectionObserver.NONE) {
                continue;
            }
            if (first == ConnectionObserver.NONE) {
                first = o;
            } else {
                if (observers == null) {
                    observers = new ArrayList<>(list.length);
                    observers.add(first);
                }
                observers.add(o);
            }
        }
        if (observers == null) {
            return first;
        }
        List<ConnectionObserver> all = observers;
        return (model, requests, reason) -> all.forEach(o -> o.closed(model, requests, reason));
    }

    @Override
    public void closed(String model, String remote, long requests, CloseReason reason, Duration open) {
        for (ServerObserver l : list) {
            l.closed(model, remote, requests, reason, open);
        }
    }

    @Override
    public void requestServed(RequestTiming timing) {
        for (ServerObserver l : list) {
            l.requestServed(timing);
        }
    }

    @Override
    public void problem(String message) {
        for (ServerObserver l : list) {
            l.problem(message);
        }
    }

    @Override
    public void failed(String message) {
        for (ServerObserver l : list) {
            l.failed(message);
        }
    }
}
