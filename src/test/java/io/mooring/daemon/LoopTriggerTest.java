package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoopTriggerTest {
  private final Queue<Runnable> queued = new ArrayDeque<>();
  private final AtomicInteger loops = new AtomicInteger();
  private final LoopTrigger trigger = new LoopTrigger();

  @Test
  void requestBeforeAttachFails() {
    assertThatThrownBy(trigger::request)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not scheduled");
  }

  @Test
  void requestsBeforeLoopStartsShareIt() {
    trigger.attach(queued::add, loops::incrementAndGet);

    boolean first = trigger.request();
    boolean second = trigger.request();
    boolean third = trigger.request();

    assertThat(first).isTrue();
    assertThat(second).isFalse();
    assertThat(third).isFalse();
    assertThat(queued).hasSize(1);
    assertThat(trigger.isPending()).isTrue();
  }

  @Test
  void requestDuringLoopQueuesExactlyOneMore() {
    trigger.attach(
        queued::add,
        () -> {
          if (loops.incrementAndGet() == 1) {
            trigger.request();
            trigger.request();
          }
        });
    trigger.request();

    queued.remove().run();

    assertThat(loops.get()).isEqualTo(1);
    assertThat(queued).hasSize(1);
    queued.remove().run();
    assertThat(loops.get()).isEqualTo(2);
    assertThat(queued).isEmpty();
    assertThat(trigger.isPending()).isFalse();
  }

  @Test
  void requestAfterShutdownFailsAndClearsPending() {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    trigger.attach(executor, loops::incrementAndGet);
    executor.shutdown();

    assertThatThrownBy(trigger::request)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stopping");
    assertThat(trigger.isPending()).isFalse();
  }
}
