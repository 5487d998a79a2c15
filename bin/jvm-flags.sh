# shellcheck shell=bash disable=SC2034
# The JVM flags of every Converge run: sourced by bin/converge and by bin/bench, whose benchmarks
# measure what users run.
# C1 only and the serial collector: a CLI run is short, so start-up matters more than peak speed.
# No perf-data file (nobody attaches jstat to a CLI run; creating it costs start-up time).
# Allocation buffers of a fixed 256 KiB per thread: sized adaptively, the dozen threads of a plan
# (refresh pool, the SDK's timers) each took megabytes they barely used, and a plan that allocates
# about 60 MB filled the 100 MB young generation and stopped for a collection (30-40 ms); with
# fixed ones it ends without any (docs/benchmarks.md, "Start-up, fifth pass").
# Reflection through JNI rather than method handles (JDK 18 and later; a property JDK 17 ignores):
# each constructor, method or field a run calls reflectively (Jackson making the state's records,
# picocli setting options) first spun method handles and classes of its own, about 15 ms of a
# plan's main thread on JDK 25 that no archive keeps (docs/benchmarks.md, "Start-up, seventh pass").
flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -XX:TLABSize=256k -XX:-ResizeTLAB
       -Djdk.reflect.useNativeAccessorOnly=true)
