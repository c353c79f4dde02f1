package dev.stockpipe.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Watches the dashboard in a real, headless Chromium while the demo runs, and writes down when it
 * first saw each thing a user should see: every symbol with a price, a price changing, the stale
 * banner once the simulator stops, and 15m and 1h window rows once the window job has published.
 * It only looks; the test asserts on what it saw. Screenshots go to {@code target/}.
 *
 * <p>Debian's Chromium and chromedriver are given by path: Selenium Manager's downloads are not
 * reachable here ({@code scripts/browser-setup.sh} installs both).
 */
final class DashboardWatcher {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration POLL = Duration.ofMillis(300);

    /** What the page showed, and when (relative to the page's first load). */
    static final class Seen {
        final Map<String, String> firstPrice = new LinkedHashMap<>();
        volatile Duration allSymbolsPriced;
        volatile Duration priceChanged;
        volatile String changedSymbol;
        volatile Duration staleBanner;
        volatile String staleText;
        volatile Duration windowRows15m;
        volatile Duration windowRows1h;
        volatile int windowRowCount;
        volatile int notFoundStatus;
        volatile String notFoundBody = "";
        volatile String notFoundPageText = "";
        volatile Path liveScreenshot;
        volatile Path finalScreenshot;
        volatile Throwable failure;

        boolean complete() {
            return priceChanged != null && staleBanner != null && windowRows15m != null && windowRows1h != null;
        }

        @Override
        public String toString() {
            return "priced=" + firstPrice + " allPriced@" + allSymbolsPriced + " changed@" + priceChanged + " (" + changedSymbol
                    + ") stale@" + staleBanner + " '" + staleText + "' 15m@" + windowRows15m + " 1h@" + windowRows1h
                    + " rows=" + windowRowCount + " 404=" + notFoundStatus + (failure == null ? "" : " failure=" + failure);
        }
    }

    private final List<String> symbols;
    private final Path outputDir;
    private final Seen seen = new Seen();
    private final Thread thread;
    private volatile boolean stopped;

    DashboardWatcher(CompletableFuture<String> dashboardUrl, List<String> symbols, Path outputDir) {
        this.symbols = List.copyOf(symbols);
        this.outputDir = outputDir;
        this.thread = new Thread(() -> {
            try {
                watch(dashboardUrl.get(10, TimeUnit.MINUTES));
            } catch (Throwable e) {
                seen.failure = e;
            }
        }, "dashboard-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the watcher has seen everything or {@code timeout} passed, then stops it. */
    Seen awaitSeen(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        stopped = true;
        thread.join(Duration.ofSeconds(30).toMillis());
        return seen;
    }

    private void watch(String url) throws IOException, InterruptedException {
        Files.createDirectories(outputDir);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1100",
                "--disable-gpu", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        try {
            notFound(driver, url);
            driver.get(url);
            Instant start = Instant.now();
            Instant giveUp = start.plus(Duration.ofMinutes(12));
            while (!stopped && !seen.complete() && Instant.now().isBefore(giveUp)) {
                look(driver, Duration.between(start, Instant.now()));
                Thread.sleep(POLL.toMillis());
            }
            seen.finalScreenshot = screenshot(driver, "dashboard-final.png");
        } finally {
            driver.quit();
        }
    }

    private void look(WebDriver driver, Duration at) throws IOException {
        try {
            for (String symbol : symbols) {
                String price = text(driver, "[data-symbol='" + symbol + "'] .price");
                if (!price.isBlank() && price.chars().anyMatch(Character::isDigit)) {
                    String first = seen.firstPrice.putIfAbsent(symbol, price);
                    if (first != null && !first.equals(price) && seen.priceChanged == null) {
                        seen.priceChanged = at;
                        seen.changedSymbol = symbol;
                    }
                }
            }
            if (seen.allSymbolsPriced == null && seen.firstPrice.keySet().containsAll(symbols)) {
                seen.allSymbolsPriced = at;
            }
            if (seen.liveScreenshot == null && seen.priceChanged != null) {
                seen.liveScreenshot = screenshot(driver, "dashboard-live.png");
            }
            List<WebElement> banner = driver.findElements(By.id("stale-banner"));
            if (seen.staleBanner == null && seen.priceChanged != null && !banner.isEmpty() && banner.get(0).isDisplayed()
                    && banner.get(0).getText().toLowerCase().contains("stale since")) {
                seen.staleBanner = at;
                seen.staleText = banner.get(0).getText();
            }
            int rows15 = driver.findElements(By.cssSelector(".window-row[data-window='15m']")).size();
            int rows1h = driver.findElements(By.cssSelector(".window-row[data-window='1h']")).size();
            seen.windowRowCount = rows15 + rows1h;
            if (seen.windowRows15m == null && rows15 > 0) {
                seen.windowRows15m = at;
            }
            if (seen.windowRows1h == null && rows1h > 0) {
                seen.windowRows1h = at;
            }
        } catch (WebDriverException e) {
            // the page re-renders under the watcher (a stale element): look again on the next poll
        }
    }

    private static String text(WebDriver driver, String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? "" : found.get(0).getText().trim();
    }

    /** An unknown symbol: the status over plain HTTP, the text as the browser shows it. */
    private void notFound(WebDriver driver, String url) {
        URI unknown = URI.create(url + "symbols/NOPE9");
        HttpResponse<String> response = Services.get(unknown)
                .orElseThrow(() -> new AssertionError("the dashboard did not answer " + unknown));
        seen.notFoundStatus = response.statusCode();
        seen.notFoundBody = response.body();
        driver.get(unknown.toString());
        seen.notFoundPageText = driver.findElement(By.tagName("body")).getText();
    }

    private Path screenshot(WebDriver driver, String name) throws IOException {
        Path file = outputDir.resolve(name);
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }
}
