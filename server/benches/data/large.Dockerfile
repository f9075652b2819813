FROM python:3.12 AS s0
ARG VERSION_0=1.0.0
ENV APP_HOME=/opt/app0 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    git \
    openssl \
    curl \
    jq \
    make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app0
COPY src/0 ./src
RUN pip install -r requirements-0.txt
ENV API_TOKEN_0=tok_5d9dc9f81818e811
RUN curl -fsSL https://example.invalid/install.sh | sh
EXPOSE 8000

FROM alpine:latest AS s1
ARG VERSION_1=1.1.0
ENV APP_HOME=/opt/app1 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    curl \
    unzip \
    gcc \
    tzdata \
    openssl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app1
COPY src/1 ./src
RUN pip install -r requirements-1.txt
EXPOSE 8001

FROM node:20 AS s2
ARG VERSION_2=1.2.0
ENV APP_HOME=/opt/app2 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    openssl \
    wget \
    gcc \
    curl \
    make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app2
COPY src/2 ./src
RUN pip install -r requirements-2.txt
EXPOSE 8002

FROM node:20 AS s3
ARG VERSION_3=1.3.0
ENV APP_HOME=/opt/app3 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    curl \
    wget \
    gcc \
    ca-certificates \
    openssl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app3
COPY src/3 ./src
RUN pip install -r requirements-3.txt
EXPOSE 8003

FROM alpine:latest AS s4
ARG VERSION_4=1.4.0
ENV APP_HOME=/opt/app4 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    curl \
    openssl \
    tzdata \
    wget \
    jq \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app4
COPY src/4 ./src
RUN pip install -r requirements-4.txt
ENV API_TOKEN_4=tok_dbc496cb8e81973e
EXPOSE 8004

FROM debian:bookworm-slim AS s5
ARG VERSION_5=1.5.0
ENV APP_HOME=/opt/app5 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    make \
    openssl \
    git \
    tzdata \
    curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app5
COPY src/5 ./src
RUN pip install -r requirements-5.txt
RUN curl -fsSL https://example.invalid/install.sh | sh
EXPOSE 8005

FROM alpine:latest AS s6
ARG VERSION_6=1.6.0
ENV APP_HOME=/opt/app6 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    make \
    unzip \
    git \
    curl \
    tzdata \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app6
COPY src/6 ./src
RUN pip install -r requirements-6.txt
EXPOSE 8006

FROM alpine:latest AS s7
ARG VERSION_7=1.7.0
ENV APP_HOME=/opt/app7 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    gcc \
    ca-certificates \
    wget \
    make \
    unzip \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app7
COPY src/7 ./src
RUN pip install -r requirements-7.txt
EXPOSE 8007

FROM ubuntu:22.04 AS s8
ARG VERSION_8=1.8.0
ENV APP_HOME=/opt/app8 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    tzdata \
    curl \
    gcc \
    jq \
    ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app8
COPY src/8 ./src
RUN pip install -r requirements-8.txt
ENV API_TOKEN_8=tok_6d76b07e881ed162
EXPOSE 8008

FROM python:3.12 AS s9
ARG VERSION_9=1.9.0
ENV APP_HOME=/opt/app9 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    jq \
    tzdata \
    ca-certificates \
    git \
    wget \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app9
COPY src/9 ./src
RUN pip install -r requirements-9.txt
EXPOSE 8009

FROM debian:bookworm-slim AS s10
ARG VERSION_10=1.10.0
ENV APP_HOME=/opt/app10 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    gcc \
    wget \
    make \
    jq \
    tzdata \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app10
COPY src/10 ./src
RUN pip install -r requirements-10.txt
RUN curl -fsSL https://example.invalid/install.sh | sh
EXPOSE 8010

FROM python:3.12 AS s11
ARG VERSION_11=1.11.0
ENV APP_HOME=/opt/app11 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    jq \
    make \
    wget \
    curl \
    unzip \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app11
COPY src/11 ./src
RUN pip install -r requirements-11.txt
EXPOSE 8011

FROM node:20 AS s12
ARG VERSION_12=1.12.0
ENV APP_HOME=/opt/app12 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    git \
    ca-certificates \
    tzdata \
    gcc \
    openssl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app12
COPY src/12 ./src
RUN pip install -r requirements-12.txt
ENV API_TOKEN_12=tok_f646e1f40a097c97
EXPOSE 8012

FROM golang:1.22 AS s13
ARG VERSION_13=1.13.0
ENV APP_HOME=/opt/app13 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    wget \
    unzip \
    ca-certificates \
    git \
    jq \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app13
COPY src/13 ./src
RUN pip install -r requirements-13.txt
EXPOSE 8013

FROM python:3.12 AS s14
ARG VERSION_14=1.14.0
ENV APP_HOME=/opt/app14 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    tzdata \
    jq \
    unzip \
    curl \
    openssl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app14
COPY src/14 ./src
RUN pip install -r requirements-14.txt
EXPOSE 8014

FROM python:3.12 AS s15
ARG VERSION_15=1.15.0
ENV APP_HOME=/opt/app15 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    jq \
    wget \
    curl \
    ca-certificates \
    openssl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app15
COPY src/15 ./src
RUN pip install -r requirements-15.txt
RUN curl -fsSL https://example.invalid/install.sh | sh
EXPOSE 8015

FROM python:3.12 AS s16
ARG VERSION_16=1.16.0
ENV APP_HOME=/opt/app16 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    tzdata \
    jq \
    make \
    ca-certificates \
    gcc \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app16
COPY src/16 ./src
RUN pip install -r requirements-16.txt
ENV API_TOKEN_16=tok_ab2cd31ee3151288
EXPOSE 8016

FROM python:3.12 AS s17
ARG VERSION_17=1.17.0
ENV APP_HOME=/opt/app17 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    curl \
    jq \
    ca-certificates \
    wget \
    make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app17
COPY src/17 ./src
RUN pip install -r requirements-17.txt
EXPOSE 8017

FROM ubuntu:22.04 AS s18
ARG VERSION_18=1.18.0
ENV APP_HOME=/opt/app18 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    jq \
    curl \
    gcc \
    openssl \
    git \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app18
COPY src/18 ./src
RUN pip install -r requirements-18.txt
EXPOSE 8018

FROM debian:bookworm-slim AS s19
ARG VERSION_19=1.19.0
ENV APP_HOME=/opt/app19 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    gcc \
    openssl \
    unzip \
    jq \
    tzdata \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app19
COPY src/19 ./src
RUN pip install -r requirements-19.txt
EXPOSE 8019

FROM ubuntu:22.04 AS s20
ARG VERSION_20=1.20.0
ENV APP_HOME=/opt/app20 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    git \
    jq \
    openssl \
    make \
    tzdata \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app20
COPY src/20 ./src
RUN pip install -r requirements-20.txt
ENV API_TOKEN_20=tok_230d977ee2257159
RUN curl -fsSL https://example.invalid/install.sh | sh
EXPOSE 8020

FROM node:20 AS s21
ARG VERSION_21=1.21.0
ENV APP_HOME=/opt/app21 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    unzip \
    make \
    openssl \
    git \
    ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app21
COPY src/21 ./src
RUN pip install -r requirements-21.txt
EXPOSE 8021

FROM node:20 AS s22
ARG VERSION_22=1.22.0
ENV APP_HOME=/opt/app22 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    gcc \
    git \
    wget \
    jq \
    openssl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app22
COPY src/22 ./src
RUN pip install -r requirements-22.txt
EXPOSE 8022

FROM debian:bookworm-slim AS s23
ARG VERSION_23=1.23.0
ENV APP_HOME=/opt/app23 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    gcc \
    curl \
    jq \
    openssl \
    make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app23
COPY src/23 ./src
RUN pip install -r requirements-23.txt
EXPOSE 8023

FROM debian:bookworm-slim AS s24
ARG VERSION_24=1.24.0
ENV APP_HOME=/opt/app24 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    make \
    tzdata \
    curl \
    wget \
    gcc \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app24
COPY src/24 ./src
RUN pip install -r requirements-24.txt
ENV API_TOKEN_24=tok_5e8766ed88daf401
EXPOSE 8024

FROM alpine:latest AS s25
ARG VERSION_25=1.25.0
ENV APP_HOME=/opt/app25 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    tzdata \
    ca-certificates \
    git \
    unzip \
    make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app25
COPY src/25 ./src
RUN pip install -r requirements-25.txt
RUN curl -fsSL https://example.invalid/install.sh | sh
EXPOSE 8025

FROM alpine:latest AS s26
ARG VERSION_26=1.26.0
ENV APP_HOME=/opt/app26 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    curl \
    jq \
    openssl \
    gcc \
    unzip \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app26
COPY src/26 ./src
RUN pip install -r requirements-26.txt
EXPOSE 8026

FROM node:20 AS s27
ARG VERSION_27=1.27.0
ENV APP_HOME=/opt/app27 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    wget \
    jq \
    openssl \
    curl \
    tzdata \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app27
COPY src/27 ./src
RUN pip install -r requirements-27.txt
EXPOSE 8027

FROM ubuntu:22.04 AS s28
ARG VERSION_28=1.28.0
ENV APP_HOME=/opt/app28 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    gcc \
    jq \
    git \
    curl \
    unzip \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app28
COPY src/28 ./src
RUN pip install -r requirements-28.txt
ENV API_TOKEN_28=tok_0d75985d99c94309
EXPOSE 8028

FROM ubuntu:22.04 AS s29
ARG VERSION_29=1.29.0
ENV APP_HOME=/opt/app29 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    curl \
    git \
    wget \
    unzip \
    make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app29
COPY src/29 ./src
RUN pip install -r requirements-29.txt
EXPOSE 8029

FROM ubuntu:22.04 AS s30
ARG VERSION_30=1.30.0
ENV APP_HOME=/opt/app30 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    wget \
    gcc \
    openssl \
    tzdata \
    ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app30
COPY src/30 ./src
RUN pip install -r requirements-30.txt
RUN curl -fsSL https://example.invalid/install.sh | sh
EXPOSE 8030

FROM python:3.12 AS s31
ARG VERSION_31=1.31.0
ENV APP_HOME=/opt/app31 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    ca-certificates \
    tzdata \
    jq \
    curl \
    openssl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app31
COPY src/31 ./src
RUN pip install -r requirements-31.txt
EXPOSE 8031

FROM node:20 AS s32
ARG VERSION_32=1.32.0
ENV APP_HOME=/opt/app32 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    jq \
    tzdata \
    unzip \
    git \
    curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app32
COPY src/32 ./src
RUN pip install -r requirements-32.txt
ENV API_TOKEN_32=tok_1a28f7b324e4e25a
EXPOSE 8032

FROM golang:1.22 AS s33
ARG VERSION_33=1.33.0
ENV APP_HOME=/opt/app33 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    ca-certificates \
    make \
    jq \
    openssl \
    tzdata \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app33
COPY src/33 ./src
RUN pip install -r requirements-33.txt
EXPOSE 8033

FROM debian:bookworm-slim AS s34
ARG VERSION_34=1.34.0
ENV APP_HOME=/opt/app34 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    unzip \
    curl \
    gcc \
    make \
    git \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app34
COPY src/34 ./src
RUN pip install -r requirements-34.txt
EXPOSE 8034

FROM debian:bookworm-slim AS s35
ARG VERSION_35=1.35.0
ENV APP_HOME=/opt/app35 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    unzip \
    curl \
    make \
    ca-certificates \
    tzdata \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app35
COPY src/35 ./src
RUN pip install -r requirements-35.txt
RUN curl -fsSL https://example.invalid/install.sh | sh
EXPOSE 8035

FROM golang:1.22 AS s36
ARG VERSION_36=1.36.0
ENV APP_HOME=/opt/app36 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    make \
    unzip \
    ca-certificates \
    wget \
    git \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app36
COPY src/36 ./src
RUN pip install -r requirements-36.txt
ENV API_TOKEN_36=tok_3908f227c59db916
EXPOSE 8036

FROM alpine:latest AS s37
ARG VERSION_37=1.37.0
ENV APP_HOME=/opt/app37 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    unzip \
    tzdata \
    ca-certificates \
    jq \
    wget \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app37
COPY src/37 ./src
RUN pip install -r requirements-37.txt
EXPOSE 8037

FROM alpine:latest AS s38
ARG VERSION_38=1.38.0
ENV APP_HOME=/opt/app38 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    gcc \
    tzdata \
    openssl \
    ca-certificates \
    wget \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app38
COPY src/38 ./src
RUN pip install -r requirements-38.txt
EXPOSE 8038

FROM debian:bookworm-slim AS s39
ARG VERSION_39=1.39.0
ENV APP_HOME=/opt/app39 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    unzip \
    jq \
    ca-certificates \
    tzdata \
    curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app39
COPY src/39 ./src
RUN pip install -r requirements-39.txt
EXPOSE 8039

FROM ubuntu:22.04 AS s40
ARG VERSION_40=1.40.0
ENV APP_HOME=/opt/app40 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    make \
    jq \
    tzdata \
    wget \
    ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app40
COPY src/40 ./src
RUN pip install -r requirements-40.txt
ENV API_TOKEN_40=tok_f4de2c089aea6429
RUN curl -fsSL https://example.invalid/install.sh | sh
EXPOSE 8040

FROM python:3.12 AS s41
ARG VERSION_41=1.41.0
ENV APP_HOME=/opt/app41 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    jq \
    ca-certificates \
    unzip \
    curl \
    wget \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app41
COPY src/41 ./src
RUN pip install -r requirements-41.txt
EXPOSE 8041

FROM ubuntu:22.04 AS s42
ARG VERSION_42=1.42.0
ENV APP_HOME=/opt/app42 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    gcc \
    jq \
    tzdata \
    git \
    wget \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app42
COPY src/42 ./src
RUN pip install -r requirements-42.txt
EXPOSE 8042

FROM node:20 AS s43
ARG VERSION_43=1.43.0
ENV APP_HOME=/opt/app43 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    tzdata \
    curl \
    jq \
    ca-certificates \
    git \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app43
COPY src/43 ./src
RUN pip install -r requirements-43.txt
EXPOSE 8043

FROM golang:1.22 AS s44
ARG VERSION_44=1.44.0
ENV APP_HOME=/opt/app44 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    wget \
    tzdata \
    openssl \
    jq \
    ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app44
COPY src/44 ./src
RUN pip install -r requirements-44.txt
ENV API_TOKEN_44=tok_330698a1c0093492
EXPOSE 8044

FROM node:20 AS s45
ARG VERSION_45=1.45.0
ENV APP_HOME=/opt/app45 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    git \
    openssl \
    ca-certificates \
    curl \
    jq \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app45
COPY src/45 ./src
RUN pip install -r requirements-45.txt
RUN curl -fsSL https://example.invalid/install.sh | sh
EXPOSE 8045

FROM node:20 AS s46
ARG VERSION_46=1.46.0
ENV APP_HOME=/opt/app46 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    jq \
    openssl \
    wget \
    ca-certificates \
    tzdata \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app46
COPY src/46 ./src
RUN pip install -r requirements-46.txt
EXPOSE 8046

FROM debian:bookworm-slim AS s47
ARG VERSION_47=1.47.0
ENV APP_HOME=/opt/app47 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    git \
    curl \
    tzdata \
    make \
    gcc \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app47
COPY src/47 ./src
RUN pip install -r requirements-47.txt
EXPOSE 8047

FROM golang:1.22 AS s48
ARG VERSION_48=1.48.0
ENV APP_HOME=/opt/app48 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    git \
    jq \
    ca-certificates \
    wget \
    make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app48
COPY src/48 ./src
RUN pip install -r requirements-48.txt
ENV API_TOKEN_48=tok_2188287e8c5c715f
EXPOSE 8048

FROM ubuntu:22.04 AS s49
ARG VERSION_49=1.49.0
ENV APP_HOME=/opt/app49 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    curl \
    wget \
    git \
    gcc \
    unzip \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app49
COPY src/49 ./src
RUN pip install -r requirements-49.txt
EXPOSE 8049

FROM debian:bookworm-slim AS s50
ARG VERSION_50=1.50.0
ENV APP_HOME=/opt/app50 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    curl \
    make \
    gcc \
    git \
    unzip \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app50
COPY src/50 ./src
RUN pip install -r requirements-50.txt
RUN curl -fsSL https://example.invalid/install.sh | sh
EXPOSE 8050

FROM debian:bookworm-slim AS s51
ARG VERSION_51=1.51.0
ENV APP_HOME=/opt/app51 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    tzdata \
    ca-certificates \
    make \
    jq \
    gcc \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app51
COPY src/51 ./src
RUN pip install -r requirements-51.txt
EXPOSE 8051

FROM debian:bookworm-slim AS s52
ARG VERSION_52=1.52.0
ENV APP_HOME=/opt/app52 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    curl \
    ca-certificates \
    jq \
    unzip \
    make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app52
COPY src/52 ./src
RUN pip install -r requirements-52.txt
ENV API_TOKEN_52=tok_e77ffe48d0a6ec17
EXPOSE 8052

FROM alpine:latest AS s53
ARG VERSION_53=1.53.0
ENV APP_HOME=/opt/app53 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    openssl \
    unzip \
    git \
    make \
    wget \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app53
COPY src/53 ./src
RUN pip install -r requirements-53.txt
EXPOSE 8053

FROM alpine:latest AS s54
ARG VERSION_54=1.54.0
ENV APP_HOME=/opt/app54 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    unzip \
    curl \
    jq \
    openssl \
    wget \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app54
COPY src/54 ./src
RUN pip install -r requirements-54.txt
EXPOSE 8054

FROM alpine:latest AS s55
ARG VERSION_55=1.55.0
ENV APP_HOME=/opt/app55 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    curl \
    git \
    unzip \
    wget \
    gcc \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app55
COPY src/55 ./src
RUN pip install -r requirements-55.txt
RUN curl -fsSL https://example.invalid/install.sh | sh
EXPOSE 8055

FROM alpine:latest AS s56
ARG VERSION_56=1.56.0
ENV APP_HOME=/opt/app56 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    wget \
    unzip \
    curl \
    git \
    ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app56
COPY src/56 ./src
RUN pip install -r requirements-56.txt
ENV API_TOKEN_56=tok_87ddaeb784b28054
EXPOSE 8056

FROM alpine:latest AS s57
ARG VERSION_57=1.57.0
ENV APP_HOME=/opt/app57 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    jq \
    wget \
    curl \
    unzip \
    openssl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app57
COPY src/57 ./src
RUN pip install -r requirements-57.txt
EXPOSE 8057

FROM python:3.12 AS s58
ARG VERSION_58=1.58.0
ENV APP_HOME=/opt/app58 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    curl \
    wget \
    jq \
    make \
    tzdata \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app58
COPY src/58 ./src
RUN pip install -r requirements-58.txt
EXPOSE 8058

FROM ubuntu:22.04 AS s59
ARG VERSION_59=1.59.0
ENV APP_HOME=/opt/app59 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    jq \
    ca-certificates \
    gcc \
    unzip \
    git \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app59
COPY src/59 ./src
RUN pip install -r requirements-59.txt
EXPOSE 8059

FROM node:20 AS s60
ARG VERSION_60=1.60.0
ENV APP_HOME=/opt/app60 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    unzip \
    tzdata \
    jq \
    make \
    wget \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app60
COPY src/60 ./src
RUN pip install -r requirements-60.txt
ENV API_TOKEN_60=tok_85f1115bb2fff17b
RUN curl -fsSL https://example.invalid/install.sh | sh
EXPOSE 8060

FROM python:3.12 AS s61
ARG VERSION_61=1.61.0
ENV APP_HOME=/opt/app61 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    unzip \
    gcc \
    jq \
    wget \
    tzdata \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app61
COPY src/61 ./src
RUN pip install -r requirements-61.txt
EXPOSE 8061

FROM ubuntu:22.04 AS s62
ARG VERSION_62=1.62.0
ENV APP_HOME=/opt/app62 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    openssl \
    jq \
    ca-certificates \
    curl \
    unzip \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app62
COPY src/62 ./src
RUN pip install -r requirements-62.txt
EXPOSE 8062

FROM debian:bookworm-slim AS s63
ARG VERSION_63=1.63.0
ENV APP_HOME=/opt/app63 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    openssl \
    wget \
    gcc \
    ca-certificates \
    git \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app63
COPY src/63 ./src
RUN pip install -r requirements-63.txt
EXPOSE 8063

FROM ubuntu:22.04 AS s64
ARG VERSION_64=1.64.0
ENV APP_HOME=/opt/app64 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    git \
    ca-certificates \
    tzdata \
    jq \
    wget \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app64
COPY src/64 ./src
RUN pip install -r requirements-64.txt
ENV API_TOKEN_64=tok_77bd891ff7b103df
EXPOSE 8064

FROM debian:bookworm-slim
ARG VERSION_65=1.65.0
ENV APP_HOME=/opt/app65 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    wget \
    openssl \
    jq \
    tzdata \
    ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app65
COPY src/65 ./src
RUN pip install -r requirements-65.txt
RUN curl -fsSL https://example.invalid/install.sh | sh
EXPOSE 8065
CMD ["python3", "app.py"]
