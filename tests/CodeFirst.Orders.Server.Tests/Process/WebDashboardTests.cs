using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CodeFirst.Orders.Server.Tests.Process;

/// <summary>
/// The order dashboard (<c>web/</c>) in a real browser: Debian's Chromium, headless, driven by Playwright, loads the
/// page from the server process's browser endpoint and calls the order service over gRPC-Web with
/// <c>@connectrpc/connect-web</c>: sign in, create, see the order streamed into the list, the errors shown with their
/// rich details, an admin moving the status.
/// </summary>
[TestClass]
public sealed class WebDashboardTests
{
    /// <summary>No outside network here: nothing Chromium would fetch on its own (updates, sync, QUIC probes).</summary>
    private static readonly string[] ChromiumArguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(2);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Dashboard_in_Chromium_creates_and_lists_an_order_shows_rich_errors_and_moves_its_status()
    {
        var chromium = ExternalTool.Require("Chromium", "apt-get install -y chromium", "/usr/bin/chromium");
        var work = Directory.CreateTempSubdirectory("codefirst-dashboard-");
        try
        {
            var dist = Path.Combine(work.FullName, "dist");
            await BuildDashboardAsync(dist);
            var options = new OrderServerProcessOptions();
            options.Configuration["Web__Root"] = dist;
            await using var server = await OrderServerProcess.StartAsync(options);
            Assert.IsNotNull(server.WebAddress, $"no 'browsers on' line:\n{server.Output}");

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(Path.Combine(work.FullName, "profile"), new()
            {
                ExecutablePath = chromium,
                Headless = true,
                Args = ChromiumArguments,
                ViewportSize = new() { Width = 1100, Height = 1000 },
            });
            browser.SetDefaultTimeout(15_000);
            var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
            var pageErrors = new List<string>();
            page.PageError += (_, error) => pageErrors.Add(error);
            page.Console += (_, message) => TestContext.WriteLine($"console {message.Type}: {message.Text}");
            try
            {
                await UseDashboardAsync(page, server);
            }
            catch
            {
                await ScreenshotAsync(page, "web-dashboard-failure.png");
                TestContext.WriteLine($"uncaught errors in the page: {string.Join("; ", pageErrors)}");
                throw;
            }
            Assert.IsEmpty(pageErrors, $"uncaught errors in the page: {string.Join("; ", pageErrors)}");
            Assert.IsFalse(server.Output.Contains("fail:", StringComparison.Ordinal), $"the server logged a failure:\n{server.Output}");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private async Task UseDashboardAsync(IPage page, OrderServerProcess server)
    {
        await page.GotoAsync(server.WebAddress!.ToString());
        await SignInAsync(page, ProcessClients.Alice);
        await Expect(page.GetByTestId("orders-state")).ToHaveTextAsync("0 orders");

        // Create an order with two line items: it opens, and ListOrders streams it into the list.
        await page.Locator("#customer-id").FillAsync("alice");
        await FillItemAsync(page, 0, "p-1", "2", "29.99");
        await page.Locator("#add-item").ClickAsync();
        await FillItemAsync(page, 1, "p-2", "1", "5.50");
        await page.Locator("#create").ClickAsync();
        await Expect(page.GetByTestId("detail-status")).ToHaveTextAsync("pending");
        await Expect(page.GetByTestId("orders-state")).ToHaveTextAsync("1 order");
        var row = page.GetByTestId("order-row");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("65.48");
        var id = await row.GetAttributeAsync("data-order-id");
        Assert.IsNotNull(id);
        // The browser's order is a real one: the .NET client reads it back.
        using (var channel = ProcessClients.Connect(server, ProcessClients.Alice))
        {
            var stored = await channel.CreateGrpcService<IOrderService>().GetOrderAsync(new GetOrderRequest { Id = id });
            Assert.AreEqual(65.48, stored.Total);
            CollectionAssert.AreEqual(new[] { "p-1", "p-2" }, stored.Items.Select(item => item.ProductId).ToArray());
        }

        // INVALID_ARGUMENT: the BadRequest's field violation is listed, and its input marked.
        await FillItemAsync(page, 0, "p-3", "0", "1.00");
        await page.Locator("#create").ClickAsync();
        await Expect(page.GetByTestId("error-code")).ToHaveTextAsync("INVALID_ARGUMENT");
        await Expect(page.Locator("[data-testid=error-violations] li[data-field='items[0].quantity']"))
            .ToHaveTextAsync("items[0].quantity: must be between 1 and 10000, not 0");
        await Expect(page.GetByTestId("item-quantity-0")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(row).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "web-dashboard.png");

        // NOT_FOUND: the ErrorInfo's reason, domain and metadata.
        await page.Locator("#open-id").FillAsync("no-such-order");
        await page.Locator("#open").ClickAsync();
        await Expect(page.GetByTestId("error-code")).ToHaveTextAsync("NOT_FOUND");
        await Expect(page.GetByTestId("error-info")).ToHaveTextAsync("ORDER_NOT_FOUND (order.v1) order_id: no-such-order");

        // An admin sees the order in its list, opens it and confirms it.
        await page.Locator("#signout").ClickAsync();
        await SignInAsync(page, ProcessClients.Admin);
        var adminRow = page.Locator($"[data-testid=order-row][data-order-id='{id}']");
        await adminRow.GetByTestId("open-order").ClickAsync();
        await Expect(page.GetByTestId("detail-status")).ToHaveTextAsync("pending");
        await page.Locator("#new-status").SelectOptionAsync(new SelectOptionValue { Label = "confirmed" });
        await page.Locator("#update-status").ClickAsync();
        await Expect(page.GetByTestId("detail-status")).ToHaveTextAsync("confirmed");
        await Expect(adminRow.GetByTestId("order-status")).ToHaveTextAsync("confirmed");
        await Expect(page.GetByTestId("error")).ToBeHiddenAsync();
    }

    private static async Task SignInAsync(IPage page, string token)
    {
        await page.Locator("#token").FillAsync(token);
        await page.Locator("#signin").ClickAsync();
        await Expect(page.GetByTestId("whoami")).ToBeVisibleAsync();
    }

    private static async Task FillItemAsync(IPage page, int index, string product, string quantity, string unitPrice)
    {
        await page.GetByTestId($"item-product-{index}").FillAsync(product);
        await page.GetByTestId($"item-quantity-{index}").FillAsync(quantity);
        await page.GetByTestId($"item-price-{index}").FillAsync(unitPrice);
    }

    /// <summary>Builds the page (<c>npm run build</c>: generate, type-check, bundle) into <paramref name="outDir"/>, leaving web/dist alone.</summary>
    private static async Task BuildDashboardAsync(string outDir)
    {
        var npm = ExternalTool.Require("npm", "apt-get install -y npm", "npm");
        if (!File.Exists(RepoPaths.Combine("web/node_modules/.bin/vite")))
        {
            ExternalTool.Missing("The dashboard's npm packages (web/node_modules)", "npm ci --prefix web");
        }
        var result = await ProcessRunner.RunAsync(npm, ["run", "build", "--prefix", RepoPaths.Combine("web"), "--", "--outDir", outDir], timeout: BuildTimeout);
        Assert.AreEqual(0, result.ExitCode, $"npm run build failed:\n{result.Output}");
    }

    private async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = TestContext.TestResultsDirectory ?? Path.GetTempPath();
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.AddResultFile(path);
    }
}
