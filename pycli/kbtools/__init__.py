"""kbtools"""
