package dev.stockpipe.dashboard.push;

import java.util.HashMap;
import java.util.Map;

/** What one stream has already sent: per symbol the version and the newest chart second, and the board versions. */
final class Cursor {

    final Map<String, Long> symbolVersions = new HashMap<>();
    final Map<String, Long> sampleSeconds = new HashMap<>();
    long windowsVersion;
    long dailyVersion = -1;
}
