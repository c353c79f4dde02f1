package dev.stockpipe.warehouse.load;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Opens a resource (the embedded DuckDB, the warehouse connection) on a daemon thread so that its
 * start-up cost — native libraries, driver classes, authentication — overlaps the downloads from
 * the lake. {@link #take()} hands the resource over; {@link #close()} closes one that was never
 * taken without waiting for it: a resource still opening is closed by its thread when it is ready.
 */
final class BackgroundOpen<T extends AutoCloseable> implements AutoCloseable {

    private final Object lock = new Object();
    private final FutureTask<T> task;
    /** Opened and not yet handed over or closed; guarded by {@link #lock}. */
    private T opened;
    /** Taken or closed: nobody else may have the resource; guarded by {@link #lock}. */
    private boolean released;

    private BackgroundOpen(Callable<T> opener) {
        this.task = new FutureTask<>(() -> {
            T resource = opener.call();
            synchronized (lock) {
                if (!released) {
                    opened = resource;
                    return resource;
                }
            }
            resource.close();
            return null;
        });
    }

    static <T extends AutoCloseable> BackgroundOpen<T> start(String threadName, Callable<T> opener) {
        BackgroundOpen<T> open = new BackgroundOpen<>(opener);
        Thread t = new Thread(open.task, threadName);
        t.setDaemon(true);
        t.start();
        return open;
    }

    /** Waits for the resource and makes the caller its owner; rethrows what opening threw. */
    T take() throws Exception {
        T resource;
        try {
            resource = task.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        synchronized (lock) {
            released = true;
            opened = null;
        }
        return resource;
    }

    @Override
    public void close() throws Exception {
        T resource;
        synchronized (lock) {
            if (released) {
                return;
            }
            released = true;
            resource = opened;
            opened = null;
        }
        if (resource != null) {
            resource.close();
        }
    }
}
