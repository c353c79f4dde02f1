package dev.stockpipe.devstack;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a {@code @QuarkusTest} that {@link DevStackTestResource} fills with the
 * running stack: type {@link StackEndpoints}, or {@link DevStack} for fault injection (embedded
 * mode only).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectDevStack {
}
