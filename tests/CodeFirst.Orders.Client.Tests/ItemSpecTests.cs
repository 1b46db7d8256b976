using CodeFirst.Orders.Client.Input;

namespace CodeFirst.Orders.Client.Tests;

/// <summary><c>--item PRODUCT:QUANTITY:UNIT_PRICE</c>: the syntax is checked here, the ranges by the server.</summary>
[TestClass]
public sealed class ItemSpecTests
{
    [TestMethod]
    [DataRow("p-1:2:29.99", "p-1", 2, 29.99)]
    [DataRow("p-1:10000:0", "p-1", 10000, 0.0)]
    [DataRow("sku:blue:3:1.5", "sku:blue", 3, 1.5)]
    [DataRow("p-2:1:1e2", "p-2", 1, 100.0)]
    [DataRow(":0:-1", "", 0, -1.0)] // syntactically fine: the server names each bad field
    public void Parses_product_quantity_and_unit_price(string text, string productId, int quantity, double unitPrice)
    {
        Assert.IsTrue(ItemSpec.TryParse(text, out var item, out var error), error);

        Assert.AreEqual(productId, item.ProductId);
        Assert.AreEqual(quantity, item.Quantity);
        Assert.AreEqual(unitPrice, item.UnitPrice);
    }

    [TestMethod]
    [DataRow("p-1", "is not PRODUCT:QUANTITY:UNIT_PRICE")]
    [DataRow("p-1:2", "is not PRODUCT:QUANTITY:UNIT_PRICE")]
    [DataRow("p-1:two:29.99", "quantity 'two' is not a whole number")]
    [DataRow("p-1:2.5:29.99", "quantity '2.5' is not a whole number")]
    [DataRow("p-1:2:", "unit price '' is not a number")]
    [DataRow("p-1:2:29,99", "unit price '29,99' is not a number")]
    [DataRow("p-1:2:$5", "unit price '$5' is not a number")]
    public void Rejects_bad_syntax_naming_the_value(string text, string problem)
    {
        Assert.IsFalse(ItemSpec.TryParse(text, out var item, out var error));

        Assert.IsNull(item);
        StringAssert.Contains(error, $"'{text}'");
        StringAssert.Contains(error, problem);
    }
}
