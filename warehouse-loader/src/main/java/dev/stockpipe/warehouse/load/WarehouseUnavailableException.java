package dev.stockpipe.warehouse.load;

/** The warehouse refused the connection (wrong credentials, unreachable host, bad key). */
public final class WarehouseUnavailableException extends RuntimeException {
    public WarehouseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
