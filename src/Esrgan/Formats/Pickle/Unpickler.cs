using System.Globalization;
using System.Numerics;
using System.Text;

namespace Esrgan.Formats.Pickle;

/// <summary>
/// A pickle virtual machine that builds only plain data (None, bools, ints, floats, strings, bytes, lists,
/// tuples, dicts) and the allow-listed checkpoint globals. It runs no Python and refuses every other global.
/// </summary>
internal sealed class Unpickler(PickleInput input, Func<object?, object> persistentLoad, LoadLimits? limits = null)
{
    private const int MaxNumberText = 64;
    private readonly LoadLimits _limits = limits ?? LoadLimits.Current;
    private long _items;
    private static readonly object Mark = new();
    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];
    private string File => input.Name;

    /// <summary>Reads one pickle up to its STOP opcode and returns the object it describes.</summary>
    public object? Load()
    {
        while (true)
        {
            byte op = input.Byte();
            if (op == (byte)'.') return _stack.Count == 1 && _marks.Count == 0 ? Pop()
                : throw new CheckpointFileException(File, $"pickle ends with {_stack.Count} values on its stack");
            Step(op);
            if (_stack.Count > PickleLimits.MaxStack)
                throw new CheckpointFileException(File, $"pickle stack exceeds {PickleLimits.MaxStack} entries");
        }
    }

    private void Step(byte op)
    {
        switch (op)
        {
            case 0x80: input.Byte(); break; // PROTO
            case 0x95: input.Length(input.UInt64()); break; // FRAME: a hint for buffering only
            case (byte)'(': PushMark(); break;
            case (byte)'N': Push(null); break;
            case 0x88: Push(true); break;
            case 0x89: Push(false); break;
            case (byte)'J': Push((long)input.Int32()); break;
            case (byte)'K': Push((long)input.Byte()); break;
            case (byte)'M': Push((long)input.UInt16()); break;
            case 0x8a: Push(Long(input.Byte())); break;
            case 0x8b: Push(Long(input.Length(input.UInt32()))); break;
            case (byte)'I': Push(IntLine(NumberLine("INT"), "INT")); break;
            case (byte)'L': Push(IntLine(NumberLine("LONG").TrimEnd('L'), "LONG")); break;
            case (byte)'G': Push(BitConverter.Int64BitsToDouble(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(input.Int64()))); break;
            case (byte)'F': Push(FloatLine(NumberLine("FLOAT"))); break;
            case (byte)'X': Push(Utf8(input.Length(input.UInt32()))); break;
            case 0x8c: Push(Utf8(input.Byte())); break;
            case 0x8d: Push(Utf8(input.Length(input.UInt64()))); break;
            case (byte)'V': Push(input.Line()); break;
            case (byte)'T': Push(Encoding.Latin1.GetString(input.Bytes(input.Length(input.UInt32())))); break;
            case (byte)'U': Push(Encoding.Latin1.GetString(input.Bytes(input.Byte()))); break;
            case (byte)'S': Push(input.Line().Trim('\'', '"')); break;
            case (byte)'B': Push(input.Bytes(input.Length(input.UInt32())).ToArray()); break;
            case (byte)'C': Push(input.Bytes(input.Byte()).ToArray()); break;
            case 0x8e: Push(input.Bytes(input.Length(input.UInt64())).ToArray()); break;
            case (byte)')': Push(new PyTuple([])); break;
            case 0x85: Count(1); Push(new PyTuple([Pop()])); break;
            case 0x86: { Count(2); var b = Pop(); var a = Pop(); Push(new PyTuple([a, b])); break; }
            case 0x87: { Count(3); var c = Pop(); var b = Pop(); var a = Pop(); Push(new PyTuple([a, b, c])); break; }
            case (byte)'t': Push(new PyTuple(Counted(PopToMark()).ToArray())); break;
            case (byte)']': Push(new List<object?>()); break;
            case (byte)'l': Push(Counted(PopToMark())); break;
            case (byte)'}': Push(new PyDict()); break;
            case (byte)'d': { var d = new PyDict(); SetItems(d, PopToMark()); Push(d); break; }
            case (byte)'a': { Count(1); var v = Pop(); ListOnTop().Add(v); break; }
            case (byte)'e': { var items = Counted(PopToMark()); ListOnTop().AddRange(items); break; }
            case (byte)'s': { var v = Pop(); var k = Pop(); SetItems(DictOnTop(), [k, v]); break; }
            case (byte)'u': { var items = PopToMark(); SetItems(DictOnTop(), items); break; }
            case (byte)'0': Pop(); break;
            case (byte)'1': PopToMark(); break;
            case (byte)'2': Push(Peek()); break;
            case (byte)'p': Memoize(MemoIndex("PUT")); break;
            case (byte)'q': Memoize(input.Byte()); break;
            case (byte)'r': Memoize(input.UInt32()); break;
            case 0x94: Memoize(_memo.Count); break;
            case (byte)'g': Push(Recall(MemoIndex("GET"))); break;
            case (byte)'h': Push(Recall(input.Byte())); break;
            case (byte)'j': Push(Recall(input.UInt32())); break;
            case (byte)'c': { string module = input.Line(); Push(PickleGlobals.Resolve(module, input.Line(), File)); break; }
            case 0x93: { var name = Pop(); var module = Pop(); Push(PickleGlobals.Resolve(Text(module), Text(name), File)); break; }
            case (byte)'R': { var args = Pop(); var f = Pop(); Push(PickleCalls.Reduce(f, args, File)); break; }
            case 0x81: { var args = Pop(); var cls = Pop(); Push(PickleCalls.NewObject(cls, args, File)); break; }
            case (byte)'b': { Pop(); PickleCalls.Build(Peek(), File); break; }
            case (byte)'Q': Push(persistentLoad(Pop())); break;
            case (byte)'P': Push(persistentLoad(input.Line())); break;
            case (byte)'i':
                { string module = input.Line(); PickleGlobals.Resolve(module, input.Line(), File); throw Refused("INST"); }
            default:
                throw op is (byte)'o' or 0x82 or 0x83 or 0x84 or 0x92 or 0x96 or 0x97 or 0x98 or 0x8f or 0x90 or 0x91
                    ? Refused($"opcode 0x{op:x2}")
                    : new CheckpointFileException(File, $"unknown pickle opcode 0x{op:x2} at offset {input.Position - 1} (corrupt file?)");
        }
    }

    private PickleSecurityException Refused(string what) =>
        new(File, $"refused pickle {what}: checkpoints never need it");

    private void Push(object? value) => _stack.Add(value);

    private void PushMark()
    {
        if (_marks.Count >= PickleLimits.MaxMarkDepth)
            throw new CheckpointFileException(File, $"pickle nests deeper than {PickleLimits.MaxMarkDepth} levels");
        _marks.Push(_stack.Count);
    }

    private object? Peek() => _stack.Count > (_marks.Count > 0 ? _marks.Peek() : 0) ? _stack[^1]
        : throw new CheckpointFileException(File, $"pickle stack underflow at offset {input.Position}");

    private object? Pop()
    {
        var v = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return v;
    }

    private List<object?> PopToMark()
    {
        if (_marks.Count == 0) throw new CheckpointFileException(File, $"pickle has no MARK to pop to at offset {input.Position}");
        int start = _marks.Pop();
        var items = _stack.GetRange(start, _stack.Count - start);
        _stack.RemoveRange(start, _stack.Count - start);
        return items;
    }

    private List<object?> ListOnTop() => Peek() as List<object?>
        ?? throw new CheckpointFileException(File, $"APPEND to a value that is not a list");

    private PyDict DictOnTop() => Peek() as PyDict
        ?? throw new CheckpointFileException(File, $"SETITEM on a value that is not a dict");

    private void SetItems(PyDict dict, List<object?> flat)
    {
        if (flat.Count % 2 != 0) throw new CheckpointFileException(File, $"odd number of dict items");
        Count(flat.Count / 2);
        for (int i = 0; i < flat.Count; i += 2)
            dict.Set(flat[i] ?? throw new CheckpointFileException(File, $"None as a dict key"), flat[i + 1]);
    }

    private void Memoize(long index)
    {
        if (_memo.Count >= _limits.MaxPickleMemo && !_memo.ContainsKey(index))
            throw new CheckpointFileException(File, $"pickle memo exceeds {_limits.MaxPickleMemo:N0} entries (limit) at offset {input.Position}");
        _memo[index] = Peek();
    }

    private object? Recall(long index) => _memo.TryGetValue(index, out var v) ? v
        : throw new CheckpointFileException(File, $"pickle refers to memo entry {index} that was never stored");

    private string Utf8(long length) => Encoding.UTF8.GetString(input.Bytes(length));

    private string Text(object? value) => value as string
        ?? throw new CheckpointFileException(File, $"STACK_GLOBAL with a non-string name");

    private object Long(long length)
    {
        if (length > PickleLimits.MaxIntBytes) throw new CheckpointFileException(File, $"{length}-byte integer is too large");
        var value = new BigInteger(input.Bytes(length), isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;
    }

    private object IntLine(string text, string opcode) => text switch
    {
        "00" => false,
        "01" => true,
        _ => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v
            : BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big) ? big
            : throw new CheckpointFileException(File, $"pickle {opcode} argument '{text}' at offset {input.Position} is not an integer"),
    };

    private double FloatLine(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
            : throw new CheckpointFileException(File, $"pickle FLOAT argument '{text}' at offset {input.Position} is not a number");

    private long MemoIndex(string opcode) =>
        long.TryParse(NumberLine(opcode), NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v
            : throw new CheckpointFileException(File, $"pickle {opcode} at offset {input.Position} has no memo index");

    /// <summary>A text-opcode number, bounded so that a megabyte of digits is not parsed.</summary>
    private string NumberLine(string opcode)
    {
        string text = input.Line();
        return text.Length <= MaxNumberText ? text
            : throw new CheckpointFileException(File, $"pickle {opcode} argument at offset {input.Position} is {text.Length:N0} characters long (limit {MaxNumberText})");
    }

    /// <summary>Counts items put into containers, so a pickle cannot build more than the limit allows.</summary>
    private void Count(long items)
    {
        _items += items;
        if (_items > _limits.MaxPickleItems)
            throw new CheckpointFileException(File, $"pickle containers hold more than {_limits.MaxPickleItems:N0} items (limit) at offset {input.Position}");
    }

    private List<object?> Counted(List<object?> items)
    {
        Count(items.Count);
        return items;
    }
}
