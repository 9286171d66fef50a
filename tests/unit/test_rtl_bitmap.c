/* test_rtl_bitmap.c — RTL_BITMAP routines (src/wdm/rtl_bitmap.c),
 * RtlCompareMemory, RtlSecureZeroMemory, the byte swaps and the
 * Interlocked* family (facts §4.2, §5): values, the bits past
 * SizeOfBitMap never touched, RTL-ARGUMENT for ranges past it.
 */
#include <pthread.h>
#include <string.h>

#include "harness.h"

static void test_bits(void **state)
{
	struct th t;
	ULONG buf[3] = { 0, 0, 0x5a5a5a5a };   /* 40 bits: buf[1] bits 8..31 are not the map's */
	RTL_BITMAP map;
	ULONG start = 99;

	th_setup(&t, NULL);
	buf[1] = 0xffffff00;
	RtlInitializeBitMap(&map, buf, 40);
	assert_int_equal(map.SizeOfBitMap, 40);
	assert_int_equal(buf[1], 0xffffff00);   /* init does not clear */
	RtlClearAllBits(&map);
	assert_int_equal(buf[0], 0);
	assert_int_equal(buf[1], 0xffffff00);   /* bits past the map untouched */
	assert_int_equal(RtlNumberOfSetBits(&map), 0);
	assert_int_equal(RtlNumberOfClearBits(&map), 40);
	RtlSetBits(&map, 3, 5);                  /* 3..7 */
	RtlSetBit(&map, 39);
	assert_int_equal(buf[0], 0xf8);
	assert_int_equal(buf[1], 0xffffff80);
	assert_true(RtlTestBit(&map, 39));
	assert_false(RtlTestBit(&map, 8));
	assert_int_equal(RtlCheckBit(&map, 4), 1);
	assert_int_equal(RtlNumberOfSetBits(&map), 6);
	assert_true(RtlAreBitsSet(&map, 3, 5));
	assert_false(RtlAreBitsSet(&map, 2, 5));
	assert_true(RtlAreBitsClear(&map, 8, 31));
	assert_int_equal(RtlFindFirstRunClear(&map, &start), 3);
	assert_int_equal(start, 0);
	RtlSetBits(&map, 0, 3);
	assert_int_equal(RtlFindFirstRunClear(&map, &start), 31);   /* 8..38 */
	assert_int_equal(start, 8);
	RtlClearBits(&map, 4, 2);
	RtlClearBit(&map, 39);
	assert_int_equal(buf[0], 0xcf);
	RtlSetAllBits(&map);
	assert_int_equal(buf[0], 0xffffffff);
	assert_int_equal(buf[1], 0xffffffff);
	assert_int_equal(RtlFindFirstRunClear(&map, &start), 0);   /* none */
	assert_int_equal(start, 0);
	assert_int_equal(buf[2], 0x5a5a5a5a);
	th_assert_reports(&t);
	th_teardown(&t);
}

/* A range past SizeOfBitMap: reported, the part inside done, nothing past it. */
static void test_bits_out_of_range(void **state)
{
	struct th t;
	ULONG buf[2] = { 0, 0 };
	RTL_BITMAP map;

	th_setup(&t, NULL);
	RtlInitializeBitMap(&map, buf, 36);
	RtlSetBits(&map, 30, 10);
	th_expect(&t, VF_RTL_ARGUMENT, 1);
	assert_int_equal(buf[0], 0xc0000000);
	assert_int_equal(buf[1], 0xf);          /* 32..35 only */
	assert_false(RtlTestBit(&map, 36));
	RtlClearBit(&map, 100);
	assert_false(RtlAreBitsSet(&map, 34, 4));
	th_expect(&t, VF_RTL_ARGUMENT, 3);
	assert_int_equal(RtlNumberOfSetBits(NULL), 0);
	th_expect(&t, VF_RTL_ARGUMENT, 1);
	assert_int_equal(buf[1], 0xf);
	th_teardown(&t);
}

static void test_popcount_swap_memory(void **state)
{
	struct th t;
	UCHAR a[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, b[8] = { 1, 2, 3, 9, 5, 6, 7, 8 };
	UCHAR secret[16];

	th_setup(&t, NULL);
	assert_int_equal(RtlNumberOfSetBitsUlongPtr(0), 0);
	assert_int_equal(RtlNumberOfSetBitsUlongPtr((ULONG_PTR)-1), 64);
	assert_int_equal(RtlNumberOfSetBitsUlongPtr(0x8000000000000101ull), 3);
	assert_int_equal(RtlUshortByteSwap(0x1234), 0x3412);
	assert_int_equal(RtlUlongByteSwap(0x12345678), 0x78563412);
	assert_true(RtlUlonglongByteSwap(0x0102030405060708ull) == 0x0807060504030201ull);
	/* a match length, not an ordering (facts §4.2) */
	assert_int_equal(RtlCompareMemory(a, b, 8), 3);
	assert_int_equal(RtlCompareMemory(a, a, 8), 8);
	assert_int_equal(RtlCompareMemory(a, b, 0), 0);
	assert_true(RtlEqualMemory(a, a, 8));
	assert_false(RtlEqualMemory(a, b, 8));
	memset(secret, 0x77, sizeof(secret));
	assert_ptr_equal(RtlSecureZeroMemory(secret, 10), secret);
	assert_int_equal(secret[9], 0);
	assert_int_equal(secret[10], 0x77);
	th_teardown(&t);
}

/* facts §5: Increment/Decrement/Add give the new value; Exchange,
 * CompareExchange (Exchange before Comparand), ExchangeAdd, And, Or, Xor
 * the old one; ULONG targets work through the macros. */
static void test_interlocked_values(void **state)
{
	volatile LONG l = 5;
	ULONG ul = 0xfffffffe;
	LONG64 volatile q = 1LL << 40;
	SHORT volatile s = 0x7ffe;
	PVOID volatile p = NULL;
	int x, y;

	assert_int_equal(InterlockedIncrement(&l), 6);
	assert_int_equal(InterlockedDecrement(&l), 5);
	assert_int_equal(InterlockedExchange(&l, 9), 5);
	assert_int_equal(InterlockedCompareExchange(&l, 1, 8), 9);   /* no store */
	assert_int_equal(l, 9);
	assert_int_equal(InterlockedCompareExchange(&l, 1, 9), 9);
	assert_int_equal(l, 1);
	assert_int_equal(InterlockedExchangeAdd(&l, 10), 1);
	assert_int_equal(InterlockedAdd(&l, 10), 21);
	assert_int_equal(InterlockedAnd(&l, 0x14), 21);
	assert_int_equal(InterlockedOr(&l, 0x3), 0x14);
	assert_int_equal(InterlockedXor(&l, 0xff), 0x17);
	assert_int_equal(l, 0xe8);
	assert_int_equal(InterlockedIncrement(&ul), (LONG)0xffffffff);   /* ULONG target */
	assert_int_equal(_InterlockedIncrement(&ul), 0);
	assert_true(InterlockedIncrement64(&q) == (1LL << 40) + 1);
	assert_true(InterlockedDecrement64(&q) == 1LL << 40);
	assert_true(InterlockedExchange64(&q, 3) == 1LL << 40);
	assert_true(InterlockedCompareExchange64(&q, 4, 3) == 3);
	assert_true(InterlockedExchangeAdd64(&q, 6) == 4);
	assert_true(InterlockedAdd64(&q, 1LL << 33) == 10 + (1LL << 33));
	assert_true(InterlockedAnd64(&q, 0xff) == 10 + (1LL << 33));
	assert_true(InterlockedOr64(&q, 1LL << 50) == 10);
	assert_true(InterlockedXor64(&q, 1LL << 50) == 10 + (1LL << 50));
	assert_true(q == 10);
	assert_int_equal(InterlockedIncrement16(&s), 0x7fff);
	assert_int_equal(InterlockedIncrement16(&s), -32768);
	assert_int_equal(InterlockedDecrement16(&s), 0x7fff);
	assert_int_equal(InterlockedCompareExchange16(&s, 1, 0x7fff), 0x7fff);
	assert_int_equal(s, 1);
	assert_null(InterlockedExchangePointer(&p, &x));
	assert_ptr_equal(InterlockedCompareExchangePointer(&p, &y, NULL), &x);
	assert_ptr_equal(InterlockedCompareExchangePointer(&p, &y, &x), &x);
	assert_ptr_equal(p, &y);
	KeMemoryBarrier();
}

struct counter {
	LONG volatile n;
	LONG64 volatile big;
};

static void *hammer(void *arg)
{
	struct counter *c = arg;

	for (int i = 0; i < 100000; i++) {
		InterlockedIncrement(&c->n);
		InterlockedExchangeAdd64(&c->big, 3);
	}
	return NULL;
}

static void test_interlocked_threads(void **state)
{
	struct counter c = { 0, 0 };
	pthread_t th[4];

	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, hammer, &c), 0);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(c.n, 400000);
	assert_true(c.big == 1200000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bits),
		cmocka_unit_test(test_bits_out_of_range),
		cmocka_unit_test(test_popcount_swap_memory),
		cmocka_unit_test(test_interlocked_values),
		cmocka_unit_test(test_interlocked_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
