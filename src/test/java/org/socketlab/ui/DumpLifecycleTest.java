package org.socketlab.ui;
import org.junit.jupiter.api.Test;
import org.socketlab.lab.Lab;
class DumpLifecycleTest {
    @Test void dump() {
        try (Lab lab = Lab.onThisMachine()) {
            RealLifecycle r = RealLifecycle.run(lab);
            r.events().forEach(e -> System.out.println(e.seq() + " " + e.endpoint() + " " + e.payload()));
        }
    }
}
