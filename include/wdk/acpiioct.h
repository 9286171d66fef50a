/*
 * ndisdma: <acpiioct.h>, evaluating ACPI control methods of a device from
 * its driver (wdk-surface-facts §8): the IOCTLs, the input and output
 * buffer structures with their signatures, and the argument helpers.
 *
 * A miniport sends IOCTL_ACPI_EVAL_METHOD(_EX) to the PDO (or the next
 * lower device) that NdisMGetDeviceProperty returns, with
 * IoBuildDeviceIoControlRequest + IoCallDriver; ndisdma answers from the
 * device model's ACPI method table (docs/devices.md).
 *
 * Clean-room: written from the facts file and the public documentation,
 * not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_ACPIIOCT_H
#define NDISDMA_WDK_ACPIIOCT_H

#include "wdm.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef ANYSIZE_ARRAY
#define ANYSIZE_ARRAY 1
#endif

/* ---- IOCTLs: CTL_CODE(FILE_DEVICE_ACPI, fn, METHOD_BUFFERED, read|write) ---- */
#define IOCTL_ACPI_ASYNC_EVAL_METHOD \
    CTL_CODE(FILE_DEVICE_ACPI, 0, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_ACPI_EVAL_METHOD \
    CTL_CODE(FILE_DEVICE_ACPI, 1, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_ACPI_ACQUIRE_GLOBAL_LOCK \
    CTL_CODE(FILE_DEVICE_ACPI, 4, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_ACPI_RELEASE_GLOBAL_LOCK \
    CTL_CODE(FILE_DEVICE_ACPI, 5, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_ACPI_EVAL_METHOD_EX \
    CTL_CODE(FILE_DEVICE_ACPI, 6, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_ACPI_ASYNC_EVAL_METHOD_EX \
    CTL_CODE(FILE_DEVICE_ACPI, 7, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_ACPI_ENUM_CHILDREN \
    CTL_CODE(FILE_DEVICE_ACPI, 8, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)

NDISDMA_WDK_STATIC_ASSERT(IOCTL_ACPI_ASYNC_EVAL_METHOD == 0x0032C000);
NDISDMA_WDK_STATIC_ASSERT(IOCTL_ACPI_EVAL_METHOD == 0x0032C004);
NDISDMA_WDK_STATIC_ASSERT(IOCTL_ACPI_ACQUIRE_GLOBAL_LOCK == 0x0032C010);
NDISDMA_WDK_STATIC_ASSERT(IOCTL_ACPI_RELEASE_GLOBAL_LOCK == 0x0032C014);
NDISDMA_WDK_STATIC_ASSERT(IOCTL_ACPI_EVAL_METHOD_EX == 0x0032C018);
NDISDMA_WDK_STATIC_ASSERT(IOCTL_ACPI_ASYNC_EVAL_METHOD_EX == 0x0032C01C);
NDISDMA_WDK_STATIC_ASSERT(IOCTL_ACPI_ENUM_CHILDREN == 0x0032C020);

/* ---- signatures ('BieA' is 0x42696541: stored reversed in memory) ----------- */
#define ACPI_EVAL_INPUT_BUFFER_SIGNATURE                   0x42696541  /* 'BieA' */
#define ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_SIGNATURE    0x49696541  /* 'IieA' */
#define ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_SIGNATURE     0x53696541  /* 'SieA' */
#define ACPI_EVAL_INPUT_BUFFER_COMPLEX_SIGNATURE           0x43696541  /* 'CieA' */
#define ACPI_EVAL_OUTPUT_BUFFER_SIGNATURE                  0x426F6541  /* 'BoeA' */
#define ACPI_EVAL_INPUT_BUFFER_SIGNATURE_EX                0x41696541  /* 'AieA' */
#define ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_SIGNATURE_EX 0x44696541  /* 'DieA' */
#define ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_SIGNATURE_EX  0x45696541  /* 'EieA' */
#define ACPI_EVAL_INPUT_BUFFER_COMPLEX_SIGNATURE_EX        0x46696541  /* 'FieA' */
#define ACPI_ENUM_CHILDREN_OUTPUT_BUFFER_SIGNATURE         0x47696541  /* 'GieA' */
#define ACPI_ENUM_CHILDREN_INPUT_BUFFER_SIGNATURE          0x48696541  /* 'HieA' */

/* ---- arguments ------------------------------------------------------------------ */
#define ACPI_METHOD_ARGUMENT_INTEGER    0x0
#define ACPI_METHOD_ARGUMENT_STRING     0x1
#define ACPI_METHOD_ARGUMENT_BUFFER     0x2
#define ACPI_METHOD_ARGUMENT_PACKAGE    0x3
#define ACPI_METHOD_ARGUMENT_PACKAGE_EX 0x4

/*
 * Variable length: DataLength bytes of Data, at least a ULONG's worth, so
 * the argument after a 6-byte buffer starts 2 bytes off a ULONG boundary.
 * The WDK marks the pointer types UNALIGNED; for gcc and clang the type
 * itself has alignment 1 (packed: the same offsets, sizeof 8), so an
 * access through such a pointer is a defined unaligned access.
 */
#pragma pack(push, 1)
typedef struct _ACPI_METHOD_ARGUMENT_V1 {
    USHORT Type;          /* +0 ACPI_METHOD_ARGUMENT_* */
    USHORT DataLength;    /* +2 bytes in Data (INTEGER: sizeof(ULONG)) */
    union {
        ULONG Argument;
        UCHAR Data[ANYSIZE_ARRAY];
    };                    /* +4 */
} ACPI_METHOD_ARGUMENT_V1;
#pragma pack(pop)
typedef ACPI_METHOD_ARGUMENT_V1 UNALIGNED *PACPI_METHOD_ARGUMENT_V1;
typedef ACPI_METHOD_ARGUMENT_V1 ACPI_METHOD_ARGUMENT;
typedef ACPI_METHOD_ARGUMENT_V1 UNALIGNED *PACPI_METHOD_ARGUMENT;

NDISDMA_WDK_STATIC_ASSERT(sizeof(ACPI_METHOD_ARGUMENT) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(ACPI_METHOD_ARGUMENT, DataLength) == 2);
NDISDMA_WDK_STATIC_ASSERT(offsetof(ACPI_METHOD_ARGUMENT, Argument) == 4);
NDISDMA_WDK_STATIC_ASSERT(offsetof(ACPI_METHOD_ARGUMENT, Data) == 4);

/* Bytes one argument with DataLength bytes of data occupies. */
#define ACPI_METHOD_ARGUMENT_LENGTH(DataLength) \
    ((ULONG)FIELD_OFFSET(ACPI_METHOD_ARGUMENT, Data) + \
     ((ULONG)(DataLength) > (ULONG)sizeof(ULONG) ? (ULONG)(DataLength) \
                                                 : (ULONG)sizeof(ULONG)))
#define ACPI_METHOD_ARGUMENT_LENGTH_FROM_ARGUMENT(Argument) \
    ACPI_METHOD_ARGUMENT_LENGTH(((PACPI_METHOD_ARGUMENT)(Argument))->DataLength)
#define ACPI_METHOD_NEXT_ARGUMENT(Argument) \
    ((PACPI_METHOD_ARGUMENT)((PUCHAR)(Argument) + \
                             ACPI_METHOD_ARGUMENT_LENGTH_FROM_ARGUMENT(Argument)))

#define ACPI_METHOD_SET_ARGUMENT_INTEGER(MethodArgument, IntData) \
    do { \
        (MethodArgument)->Type = ACPI_METHOD_ARGUMENT_INTEGER; \
        (MethodArgument)->DataLength = sizeof(ULONG); \
        (MethodArgument)->Argument = (ULONG)(IntData); \
    } while (0)
/* DataLength counts the terminating NUL. */
#define ACPI_METHOD_SET_ARGUMENT_STRING(Argument, StrData) \
    do { \
        (Argument)->Type = ACPI_METHOD_ARGUMENT_STRING; \
        (Argument)->DataLength = (USHORT)(strlen((const char *)(StrData)) + 1); \
        RtlCopyMemory((Argument)->Data, (StrData), (Argument)->DataLength); \
    } while (0)
#define ACPI_METHOD_SET_ARGUMENT_BUFFER(Argument, BuffData, BuffLength) \
    do { \
        (Argument)->Type = ACPI_METHOD_ARGUMENT_BUFFER; \
        (Argument)->DataLength = (USHORT)(BuffLength); \
        RtlCopyMemory((Argument)->Data, (BuffData), (Argument)->DataLength); \
    } while (0)

/* ---- IOCTL_ACPI_EVAL_METHOD input: a 4-character method name ------------------ */
typedef struct _ACPI_EVAL_INPUT_BUFFER_V1 {
    ULONG Signature;                 /* ACPI_EVAL_INPUT_BUFFER_SIGNATURE */
    union {
        UCHAR MethodName[4];         /* "_DSM" */
        ULONG MethodNameAsUlong;     /* 'MSD_' */
    };
} ACPI_EVAL_INPUT_BUFFER_V1, ACPI_EVAL_INPUT_BUFFER, *PACPI_EVAL_INPUT_BUFFER_V1,
  *PACPI_EVAL_INPUT_BUFFER;

typedef struct _ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V1 {
    ULONG Signature;                 /* ..._SIMPLE_INTEGER_SIGNATURE */
    union {
        UCHAR MethodName[4];
        ULONG MethodNameAsUlong;
    };
    ULONG IntegerArgument;
} ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V1, ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER,
  *PACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V1, *PACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER;

typedef struct _ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_V1 {
    ULONG Signature;                 /* ..._SIMPLE_STRING_SIGNATURE */
    union {
        UCHAR MethodName[4];
        ULONG MethodNameAsUlong;
    };
    ULONG StringLength;
    UCHAR String[ANYSIZE_ARRAY];
} ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_V1, ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING,
  *PACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_V1, *PACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING;

typedef struct _ACPI_EVAL_INPUT_BUFFER_COMPLEX_V1 {
    ULONG Signature;                 /* ..._COMPLEX_SIGNATURE */
    union {
        UCHAR MethodName[4];
        ULONG MethodNameAsUlong;
    };
    ULONG Size;                      /* bytes in the Argument array */
    ULONG ArgumentCount;             /* at most 7 */
    ACPI_METHOD_ARGUMENT_V1 Argument[ANYSIZE_ARRAY];
} ACPI_EVAL_INPUT_BUFFER_COMPLEX_V1, ACPI_EVAL_INPUT_BUFFER_COMPLEX,
  *PACPI_EVAL_INPUT_BUFFER_COMPLEX_V1, *PACPI_EVAL_INPUT_BUFFER_COMPLEX;

/* ---- the output of every evaluation -------------------------------------------- */
typedef struct _ACPI_EVAL_OUTPUT_BUFFER_V1 {
    ULONG Signature;                 /* ACPI_EVAL_OUTPUT_BUFFER_SIGNATURE */
    ULONG Length;                    /* bytes of the whole result */
    ULONG Count;                     /* arguments that follow */
    ACPI_METHOD_ARGUMENT_V1 Argument[ANYSIZE_ARRAY];
} ACPI_EVAL_OUTPUT_BUFFER_V1, ACPI_EVAL_OUTPUT_BUFFER;
typedef ACPI_EVAL_OUTPUT_BUFFER_V1 UNALIGNED *PACPI_EVAL_OUTPUT_BUFFER_V1;
typedef ACPI_EVAL_OUTPUT_BUFFER_V1 UNALIGNED *PACPI_EVAL_OUTPUT_BUFFER;

/* ---- IOCTL_ACPI_EVAL_METHOD_EX input: a NUL-terminated path, 64-bit integers --- */
typedef struct _ACPI_EVAL_INPUT_BUFFER_V1_EX {
    ULONG Signature;                 /* ACPI_EVAL_INPUT_BUFFER_SIGNATURE_EX */
    CHAR  MethodName[256];           /* "_DSM" or "\\_SB.PCI0.S18._DSM" */
} ACPI_EVAL_INPUT_BUFFER_V1_EX, ACPI_EVAL_INPUT_BUFFER_EX, *PACPI_EVAL_INPUT_BUFFER_V1_EX,
  *PACPI_EVAL_INPUT_BUFFER_EX;

typedef struct _ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V1_EX {
    ULONG   Signature;               /* ..._SIMPLE_INTEGER_SIGNATURE_EX */
    CHAR    MethodName[256];
    ULONG64 IntegerArgument;
} ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V1_EX, ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_EX,
  *PACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V1_EX, *PACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_EX;

typedef struct _ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_V1_EX {
    ULONG Signature;                 /* ..._SIMPLE_STRING_SIGNATURE_EX */
    CHAR  MethodName[256];
    ULONG StringLength;
    UCHAR String[ANYSIZE_ARRAY];
} ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_V1_EX, ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_EX,
  *PACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_V1_EX, *PACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_EX;

typedef struct _ACPI_EVAL_INPUT_BUFFER_COMPLEX_V1_EX {
    ULONG Signature;                 /* ..._COMPLEX_SIGNATURE_EX */
    CHAR  MethodName[256];
    ULONG Size;
    ULONG ArgumentCount;
    ACPI_METHOD_ARGUMENT_V1 Argument[ANYSIZE_ARRAY];
} ACPI_EVAL_INPUT_BUFFER_COMPLEX_V1_EX, ACPI_EVAL_INPUT_BUFFER_COMPLEX_EX,
  *PACPI_EVAL_INPUT_BUFFER_COMPLEX_V1_EX, *PACPI_EVAL_INPUT_BUFFER_COMPLEX_EX;

NDISDMA_WDK_STATIC_ASSERT(sizeof(ACPI_EVAL_INPUT_BUFFER) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(ACPI_EVAL_INPUT_BUFFER, MethodNameAsUlong) == 4);
NDISDMA_WDK_STATIC_ASSERT(sizeof(ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER) == 12);
NDISDMA_WDK_STATIC_ASSERT(offsetof(ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER, IntegerArgument) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING, StringLength) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING, String) == 12);
NDISDMA_WDK_STATIC_ASSERT(offsetof(ACPI_EVAL_INPUT_BUFFER_COMPLEX, Size) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(ACPI_EVAL_INPUT_BUFFER_COMPLEX, ArgumentCount) == 12);
NDISDMA_WDK_STATIC_ASSERT(offsetof(ACPI_EVAL_INPUT_BUFFER_COMPLEX, Argument) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(ACPI_EVAL_OUTPUT_BUFFER, Length) == 4);
NDISDMA_WDK_STATIC_ASSERT(offsetof(ACPI_EVAL_OUTPUT_BUFFER, Count) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(ACPI_EVAL_OUTPUT_BUFFER, Argument) == 12);
NDISDMA_WDK_STATIC_ASSERT(sizeof(ACPI_EVAL_OUTPUT_BUFFER) == 20);
NDISDMA_WDK_STATIC_ASSERT(sizeof(ACPI_EVAL_INPUT_BUFFER_EX) == 260);
NDISDMA_WDK_STATIC_ASSERT(offsetof(ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_EX, IntegerArgument) == 264);
NDISDMA_WDK_STATIC_ASSERT(sizeof(ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_EX) == 272);
NDISDMA_WDK_STATIC_ASSERT(offsetof(ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_EX, StringLength) == 260);
NDISDMA_WDK_STATIC_ASSERT(offsetof(ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_EX, String) == 264);
NDISDMA_WDK_STATIC_ASSERT(offsetof(ACPI_EVAL_INPUT_BUFFER_COMPLEX_EX, Size) == 260);
NDISDMA_WDK_STATIC_ASSERT(offsetof(ACPI_EVAL_INPUT_BUFFER_COMPLEX_EX, ArgumentCount) == 264);
NDISDMA_WDK_STATIC_ASSERT(offsetof(ACPI_EVAL_INPUT_BUFFER_COMPLEX_EX, Argument) == 268);

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_ACPIIOCT_H */
