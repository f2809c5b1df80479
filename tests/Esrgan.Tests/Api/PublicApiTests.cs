using System.Reflection;
using System.Xml.Linq;
using Xunit;

namespace Esrgan.Tests.Api;

/// <summary>
/// The library's public surface is the checked-in baseline PublicApi.txt, so it cannot grow by accident: a change to it
/// fails here until the baseline is updated on purpose (run with ESRGAN_UPDATE_PUBLIC_API=1, then review the diff).
/// </summary>
public class PublicApiTests
{
    private static readonly Assembly Library = typeof(Upscaler).Assembly;
    private static string BaselinePath => Path.Combine(TestPaths.RepoRoot, "tests", "Esrgan.Tests", "Api", "PublicApi.txt");

    [Fact]
    public void ThePublicSurfaceIsTheBaseline()
    {
        var actual = Surface();
        if (Environment.GetEnvironmentVariable("ESRGAN_UPDATE_PUBLIC_API") == "1") File.WriteAllLines(BaselinePath, actual);
        var expected = File.ReadAllLines(BaselinePath);
        var added = actual.Except(expected).ToList();
        var removed = expected.Except(actual).ToList();
        Assert.True(added.Count + removed.Count == 0,
            $"public API differs from {BaselinePath}:\n" + string.Join("\n", added.Select(a => "+ " + a).Concat(removed.Select(r => "- " + r))));
    }

    [Fact]
    public void TheRootNamespaceHoldsTheUserApiOnly()
    {
        var types = Library.GetExportedTypes();
        Assert.All(types, t => Assert.Equal("Esrgan", t.Namespace));
        Assert.InRange(types.Length, 1, 40);
    }

    [Fact]
    public void EveryPublicMemberIsDocumented()
    {
        string xml = Path.ChangeExtension(Library.Location, ".xml");
        var documented = XDocument.Load(xml).Descendants("member")
            .Where(m => m.Element("summary") != null || m.Element("inheritdoc") != null)
            .Select(m => (string)m.Attribute("name")!).ToHashSet();
        var missing = Library.GetExportedTypes().Select(t => "T:" + t.FullName)
            .Concat(Library.GetExportedTypes().SelectMany(Members).Where(m => m.DeclaringType!.Assembly == Library && !IsRecordPlumbing(m)).Select(DocId))
            .Where(id => id != null && !documented.Contains(id)).ToList();
        Assert.Empty(missing);
    }

    private static List<string> Surface() =>
        Library.GetExportedTypes().SelectMany(t => Members(t).Select(m => $"{t.FullName}: {Describe(m)}").Prepend($"{Kind(t)} {t.FullName}{Bases(t)}"))
            .Order(StringComparer.Ordinal).ToList();

    private static IEnumerable<MemberInfo> Members(Type t) =>
        t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m is not MethodInfo { IsSpecialName: true } && m.DeclaringType == t);

    private static bool IsRecordPlumbing(MemberInfo m) =>
        m.Name is "Equals" or "GetHashCode" or "ToString" or "<Clone>$" or "Deconstruct" or "op_Equality" or "op_Inequality" or "EqualityContract"
        || m is MethodInfo { IsSpecialName: true } || m is ConstructorInfo c && c.GetParameters().Length == 0 // implicit: the compiler documents none
        || m.DeclaringType!.IsEnum && m.Name == "value__";

    private static string Kind(Type t) => t.IsEnum ? "enum" : t.IsValueType ? "struct" : t.IsInterface ? "interface"
        : t.IsAbstract && t.IsSealed ? "static class" : t.IsSealed ? "sealed class" : "class";

    private static string Bases(Type t)
    {
        var bases = new[] { t.IsValueType || t.IsEnum || t.BaseType == typeof(object) ? null : t.BaseType?.Name }
            .Concat(t.GetInterfaces().Where(i => !i.IsGenericType || i.GetGenericTypeDefinition() != typeof(IEquatable<>)).Select(i => i.Name))
            .Where(n => n != null).ToList();
        return bases.Count == 0 ? "" : " : " + string.Join(", ", bases);
    }

    private static string Describe(MemberInfo m) => m switch
    {
        ConstructorInfo c => $".ctor({Parameters(c)})",
        MethodInfo method => $"{(method.IsStatic ? "static " : "")}{Name(method.ReturnType)} {method.Name}({Parameters(method)})",
        PropertyInfo p => $"{(p.GetMethod?.IsStatic == true ? "static " : "")}{Name(p.PropertyType)} {p.Name} {{{(p.GetMethod?.IsPublic == true ? " get;" : "")}{(p.SetMethod?.IsPublic == true ? " set;" : "")} }}",
        FieldInfo f => $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{Name(f.FieldType)} {f.Name}",
        _ => $"{m.MemberType} {m.Name}",
    };

    private static string Parameters(MethodBase m) =>
        string.Join(", ", m.GetParameters().Select(p => $"{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : "")}"));

    private static string Name(Type t) => t.IsGenericType
        ? $"{t.Name[..t.Name.IndexOf('`')]}<{string.Join(", ", t.GetGenericArguments().Select(Name))}>"
        : t.Name;

    /// <summary>The XML documentation id of a member (as the compiler writes it), for the members the surface has.</summary>
    private static string? DocId(MemberInfo m)
    {
        string type = m.DeclaringType!.FullName!.Replace('+', '.');
        string Params(MethodBase b) => b.GetParameters().Length == 0 ? ""
            : "(" + string.Join(",", b.GetParameters().Select(p => DocType(p.ParameterType))) + ")";
        return m switch
        {
            ConstructorInfo c => $"M:{type}.#ctor{Params(c)}",
            MethodInfo method => $"M:{type}.{method.Name}{Params(method)}",
            PropertyInfo p => $"P:{type}.{p.Name}",
            FieldInfo f => $"F:{type}.{f.Name}",
            _ => null,
        };
    }

    private static string DocType(Type t)
    {
        if (Nullable.GetUnderlyingType(t) is { } inner) return $"System.Nullable{{{DocType(inner)}}}";
        if (t.IsByRef) return DocType(t.GetElementType()!) + "@";
        if (t.IsArray) return DocType(t.GetElementType()!) + "[]";
        if (!t.IsGenericType) return t.FullName!;
        string name = t.GetGenericTypeDefinition().FullName!;
        return $"{name[..name.IndexOf('`')]}{{{string.Join(",", t.GetGenericArguments().Select(DocType))}}}";
    }
}
