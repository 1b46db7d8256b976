using CodeFirst.Orders.Client;

return await OrdersCli.RunAsync(args, Terminal.FromConsole());
