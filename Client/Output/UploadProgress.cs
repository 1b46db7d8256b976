using System.Runtime.CompilerServices;
using CodeFirst.Orders.Contracts;
using Spectre.Console;

namespace CodeFirst.Orders.Client.Output;

/// <summary>The upload's progress bar: how far into the file the items sent so far reach.</summary>
internal static class UploadProgress
{
    // Redrawing is throttled by Spectre anyway; this only spares a string per item.
    private const int UpdateEvery = 256;

    /// <summary>Runs <paramref name="upload"/> over <paramref name="items"/> (read from <paramref name="file"/>) under a progress bar.</summary>
    public static Task<T> RunAsync<T>(IAnsiConsole console, Stream file, IAsyncEnumerable<LineItem> items, Func<IAsyncEnumerable<LineItem>, Task<T>> upload) =>
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Uploading", maxValue: Math.Max(1, file.Length));
                var result = await upload(Track(items, file, task));
                task.Value = task.MaxValue;
                return result;
            });

    private static async IAsyncEnumerable<LineItem> Track(IAsyncEnumerable<LineItem> items, Stream file, ProgressTask task, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var sent = 0;
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            yield return item;
            if (++sent % UpdateEvery == 0)
            {
                Report(task, file, sent);
            }
        }
        Report(task, file, sent);
    }

    private static void Report(ProgressTask task, Stream file, int sent)
    {
        task.Value = file.Position;
        task.Description = $"Uploading {sent:N0} items";
    }
}
