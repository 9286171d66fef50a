/*
 * ndisdma WDK compatibility headers: the rest of register access (64-bit
 * registers, the buffer forms) and I/O port access (facts §5), beside the
 * 8/16/32-bit register accessors of wdm.h.
 *
 * Included at the end of wdm.h; drivers never include it directly.
 *
 * Every access goes through the runtime to the device model, as those of
 * wdm.h do:
 *   - a register address must lie in a window mapped by NdisMMapIoSpace
 *     (or MmMapIoSpace(Ex)); a 64-bit register access reaches the model as
 *     two 32-bit accesses, the low half (lower address) first, because the
 *     models' registers are 32 bits wide;
 *   - a port must lie in a range registered with NdisMRegisterIoPortRange;
 *     the port value is the port number (x64 has no port mapping).
 * The buffer forms repeat the access Count times at the same register or
 * port (facts §5), reading into or writing from consecutive elements.  An
 * address outside every window or range is a HANDLE report; a read of one
 * then returns all ones and a write goes nowhere.
 *
 * Clean-room: written from the facts file and the public documentation,
 * not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_IOACCESS_H
#define NDISDMA_WDK_IOACCESS_H

#ifdef __cplusplus
extern "C" {
#endif

/* ndisdma exports behind the WDK names below; Width is 1, 2, 4 or 8
 * (8: registers only). */
ULONG64 NdisDmaIoRead64(volatile ULONG64 *Register);
VOID    NdisDmaIoWrite64(volatile ULONG64 *Register, ULONG64 Value);
VOID    NdisDmaIoReadBuffer(volatile VOID *Register, PVOID Buffer, ULONG Count, ULONG Width);
VOID    NdisDmaIoWriteBuffer(volatile VOID *Register, const VOID *Buffer, ULONG Count,
                             ULONG Width);
ULONG   NdisDmaPortRead(ULONG_PTR Port, ULONG Width);
VOID    NdisDmaPortWrite(ULONG_PTR Port, ULONG Width, ULONG Value);
VOID    NdisDmaPortReadBuffer(ULONG_PTR Port, PVOID Buffer, ULONG Count, ULONG Width);
VOID    NdisDmaPortWriteBuffer(ULONG_PTR Port, const VOID *Buffer, ULONG Count, ULONG Width);

/* ---- registers ---------------------------------------------------------------- */
#define READ_REGISTER_ULONG64(Register) NdisDmaIoRead64((volatile ULONG64 *)(Register))
#define WRITE_REGISTER_ULONG64(Register, Value) \
    NdisDmaIoWrite64((volatile ULONG64 *)(Register), (ULONG64)(Value))

#define READ_REGISTER_BUFFER_UCHAR(Register, Buffer, Count) \
    NdisDmaIoReadBuffer((volatile VOID *)(Register), (PVOID)(Buffer), (ULONG)(Count), 1)
#define READ_REGISTER_BUFFER_USHORT(Register, Buffer, Count) \
    NdisDmaIoReadBuffer((volatile VOID *)(Register), (PVOID)(Buffer), (ULONG)(Count), 2)
#define READ_REGISTER_BUFFER_ULONG(Register, Buffer, Count) \
    NdisDmaIoReadBuffer((volatile VOID *)(Register), (PVOID)(Buffer), (ULONG)(Count), 4)
#define READ_REGISTER_BUFFER_ULONG64(Register, Buffer, Count) \
    NdisDmaIoReadBuffer((volatile VOID *)(Register), (PVOID)(Buffer), (ULONG)(Count), 8)
#define WRITE_REGISTER_BUFFER_UCHAR(Register, Buffer, Count) \
    NdisDmaIoWriteBuffer((volatile VOID *)(Register), (const VOID *)(Buffer), (ULONG)(Count), 1)
#define WRITE_REGISTER_BUFFER_USHORT(Register, Buffer, Count) \
    NdisDmaIoWriteBuffer((volatile VOID *)(Register), (const VOID *)(Buffer), (ULONG)(Count), 2)
#define WRITE_REGISTER_BUFFER_ULONG(Register, Buffer, Count) \
    NdisDmaIoWriteBuffer((volatile VOID *)(Register), (const VOID *)(Buffer), (ULONG)(Count), 4)
#define WRITE_REGISTER_BUFFER_ULONG64(Register, Buffer, Count) \
    NdisDmaIoWriteBuffer((volatile VOID *)(Register), (const VOID *)(Buffer), (ULONG)(Count), 8)

/* ---- I/O ports ---------------------------------------------------------------- */
#define READ_PORT_UCHAR(Port)  ((UCHAR)NdisDmaPortRead((ULONG_PTR)(Port), 1))
#define READ_PORT_USHORT(Port) ((USHORT)NdisDmaPortRead((ULONG_PTR)(Port), 2))
#define READ_PORT_ULONG(Port)  ((ULONG)NdisDmaPortRead((ULONG_PTR)(Port), 4))
#define WRITE_PORT_UCHAR(Port, Value)  NdisDmaPortWrite((ULONG_PTR)(Port), 1, (UCHAR)(Value))
#define WRITE_PORT_USHORT(Port, Value) NdisDmaPortWrite((ULONG_PTR)(Port), 2, (USHORT)(Value))
#define WRITE_PORT_ULONG(Port, Value)  NdisDmaPortWrite((ULONG_PTR)(Port), 4, (ULONG)(Value))

#define READ_PORT_BUFFER_UCHAR(Port, Buffer, Count) \
    NdisDmaPortReadBuffer((ULONG_PTR)(Port), (PVOID)(Buffer), (ULONG)(Count), 1)
#define READ_PORT_BUFFER_USHORT(Port, Buffer, Count) \
    NdisDmaPortReadBuffer((ULONG_PTR)(Port), (PVOID)(Buffer), (ULONG)(Count), 2)
#define READ_PORT_BUFFER_ULONG(Port, Buffer, Count) \
    NdisDmaPortReadBuffer((ULONG_PTR)(Port), (PVOID)(Buffer), (ULONG)(Count), 4)
#define WRITE_PORT_BUFFER_UCHAR(Port, Buffer, Count) \
    NdisDmaPortWriteBuffer((ULONG_PTR)(Port), (const VOID *)(Buffer), (ULONG)(Count), 1)
#define WRITE_PORT_BUFFER_USHORT(Port, Buffer, Count) \
    NdisDmaPortWriteBuffer((ULONG_PTR)(Port), (const VOID *)(Buffer), (ULONG)(Count), 2)
#define WRITE_PORT_BUFFER_ULONG(Port, Buffer, Count) \
    NdisDmaPortWriteBuffer((ULONG_PTR)(Port), (const VOID *)(Buffer), (ULONG)(Count), 4)

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_IOACCESS_H */
