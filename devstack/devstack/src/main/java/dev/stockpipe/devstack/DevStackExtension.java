package dev.stockpipe.devstack;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5/6 extension: one Kafka + S3 stack per test class, started before the first test and
 * stopped after the last; {@code @Nested} classes share their outer class's stack. Test methods,
 * constructors and lifecycle methods get it as a {@link StackEndpoints} parameter, or as a
 * {@link DevStack} to inject faults (embedded mode).
 *
 * <pre>{@code
 * @ExtendWith(DevStackExtension.class)
 * class MyIT {
 *     @Test
 *     void roundTrip(StackEndpoints stack) { ... stack.kafkaBootstrapServers() ... }
 * }
 *
 * class MyOtherIT {
 *     @RegisterExtension
 *     static final DevStackExtension STACK = new DevStackExtension(DevStack.builder().partitions(1));
 * }
 * }</pre>
 *
 * <p>Per class rather than per run, so a test class that kills a server cannot disturb another
 * class; a stack starts in about 5 s. Register it on a {@code static} field: JUnit calls
 * class-level callbacks only on static extension fields.
 */
public final class DevStackExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DevStackExtension.class);
    private static final String KEY = "stack";

    private final DevStack.Builder settings;
    private volatile StackEndpoints current;

    /** Default settings: topics {@code Topics.ALL} with 3 partitions, the default lake bucket. */
    public DevStackExtension() {
        this(DevStack.builder());
    }

    public DevStackExtension(DevStack.Builder settings) {
        this.settings = settings;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        StackEndpoints inherited = store.get(KEY, StackEndpoints.class);
        if (inherited != null) {
            current = inherited; // a @Nested class runs inside its outer class's stack
            return;
        }
        StackEndpoints stack = DevStackMode.startStack(settings);
        store.put(KEY, stack);
        current = stack;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // remove() only looks at this class's own store: a @Nested class leaves the outer stack alone
        StackEndpoints own = context.getStore(NAMESPACE).remove(KEY, StackEndpoints.class);
        if (own != null) {
            own.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == StackEndpoints.class || type == DevStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        StackEndpoints stack = context.getStore(NAMESPACE).get(KEY, StackEndpoints.class);
        if (stack == null) {
            throw new ParameterResolutionException("No devstack is running for " + context.getDisplayName()
                    + ": register DevStackExtension with @ExtendWith or on a static @RegisterExtension field.");
        }
        if (parameter.getParameter().getType() == DevStack.class && !(stack instanceof DevStack)) {
            throw new ParameterResolutionException("A DevStack parameter (fault injection) needs the embedded servers, but "
                    + DevStackMode.ENV + " selected " + stack.getClass().getSimpleName() + "; ask for StackEndpoints instead.");
        }
        return stack;
    }

    /** The stack of the class being run, for code that holds the extension in a static field. */
    public StackEndpoints stack() {
        StackEndpoints stack = current;
        if (stack == null) {
            throw new IllegalStateException("The devstack is not started yet: it starts before the first test of the class.");
        }
        return stack;
    }

    /** The embedded stack, for fault injection. */
    public DevStack devStack() {
        if (!(stack() instanceof DevStack devStack)) {
            throw new IllegalStateException("Fault injection needs the embedded servers, not " + stack().getClass().getSimpleName() + ".");
        }
        return devStack;
    }
}
