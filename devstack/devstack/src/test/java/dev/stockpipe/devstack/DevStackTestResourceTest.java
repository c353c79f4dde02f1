package dev.stockpipe.devstack;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Quarkus lifecycle as Quarkus drives it: init, start, inject into the test instance, stop. */
class DevStackTestResourceTest {

    static class SomeQuarkusTest {
        @InjectDevStack
        DevStack stack;
        @InjectDevStack
        StackEndpoints endpoints;
        DevStack notAnnotated;
    }

    static class WronglyTypedTest {
        @InjectDevStack
        String stack;
    }

    @Test
    void startsFromInitArgsReturnsQuarkusConfigAndInjectsAnnotatedFields() {
        DevStackTestResource resource = new DevStackTestResource();
        resource.init(Map.of(DevStackTestResource.ARG_KAFKA, "false", DevStackTestResource.ARG_S3_STORAGE, "memory",
                DevStackTestResource.ARG_BUCKETS, "lake-a, lake-b"));
        try {
            Map<String, String> config = resource.start();

            assertThat(config).doesNotContainKey("kafka.bootstrap.servers")
                    .containsEntry("lake.bucket", "lake-a")
                    .containsEntry("quarkus.s3.path-style-access", "true")
                    .containsKey("quarkus.s3.endpoint-override");
            assertThat(DevStackTestResource.current()).isNotNull();

            SomeQuarkusTest test = new SomeQuarkusTest();
            resource.inject(new FieldInjector(test));
            assertThat(test.stack).isSameAs(DevStackTestResource.current());
            assertThat(test.endpoints).isSameAs(test.stack);
            assertThat(test.notAnnotated).isNull();
            assertThat(test.stack.s3Endpoint()).isEqualTo(config.get("quarkus.s3.endpoint-override"));
            try (S3Client s3 = TestClients.s3(test.endpoints)) {
                assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).containsExactlyInAnyOrder("lake-a", "lake-b");
            }

            assertThatThrownBy(() -> resource.inject(new FieldInjector(new WronglyTypedTest())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("WronglyTypedTest.stack");
        } finally {
            resource.stop();
        }
        assertThat(DevStackTestResource.current()).isNull();
    }

    /** What Quarkus' injector does: set every field of the test instance the predicate accepts. */
    private record FieldInjector(Object testInstance) implements TestInjector {
        @Override
        public void injectIntoFields(Object value, Predicate<Field> predicate) {
            for (Field field : testInstance.getClass().getDeclaredFields()) {
                if (predicate.test(field)) {
                    try {
                        field.setAccessible(true);
                        field.set(testInstance, value);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }
}
